/**
 * npm run import -- [<operator-crds.yaml path or URL, or a folder holding it>]
 *
 * Regenerates imports/ from the Tigera operator's CRD bundle:
 *  1. reads the bundle (default: the upstream manifests/operator-crds.yaml of the newest release;
 *     without network it says which URL failed and to pass a downloaded file instead),
 *  2. keeps the CRDs calico-stack renders and strips upstream `description` text from their schemas,
 *  3. runs `cdk8s import` on the stripped file (one combined file, so no API group overwrites another),
 *  4. writes imports/crd-schemas.json (the stripped schemas, for offline validation in tests),
 *  5. fails if a class calico-stack needs is missing from the generated code.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { schemaIndex, stripCrd } from './crd-tools';
import { parseCrdBundle } from '../src/calico/crd-bundle';
import { operatorCrdsUrl, RELEASES } from '../src/calico/releases';

/** imports/ is generated from the newest release: its fields are typed, older releases' are a subset (src/calico/release-fields.ts checks them). */
const NEWEST = RELEASES[0].version;

/** CRDs whose classes calico-stack uses, and the class each must produce. */
const IMPORTED: ReadonlyArray<{ crd: string; file: string; className: string }> = [
  { crd: 'installations.operator.tigera.io', file: 'operator.tigera.io.ts', className: 'Installation' },
  { crd: 'apiservers.operator.tigera.io', file: 'operator.tigera.io.ts', className: 'ApiServer' },
  { crd: 'goldmanes.operator.tigera.io', file: 'operator.tigera.io.ts', className: 'Goldmane' },
  { crd: 'whiskers.operator.tigera.io', file: 'operator.tigera.io.ts', className: 'Whisker' },
  { crd: 'felixconfigurations.crd.projectcalico.org', file: 'crd.projectcalico.org.ts', className: 'FelixConfiguration' },
];

/** What to do when the bundle cannot be downloaded here. */
export function instead(url: string): string {
  return `Instead, download ${url} on a machine that can reach it, copy it here and run \`npm run import -- <that file>\``
    + ' (a folder of the release\'s upstream manifests holds it as operator-crds.yaml).';
}

export async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    let res: Response;
    try {
      res = await fetch(source);
    } catch (err) {
      throw new Error(`GET ${source} failed: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}\n${instead(source)}`);
    }
    if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status}\n${instead(source)}`);
    return res.text();
  }
  // A folder of a release's upstream manifests: its operator-crds.yaml.
  const file = fs.statSync(source).isDirectory() ? path.join(source, 'operator-crds.yaml') : source;
  return fs.readFileSync(file, 'utf8');
}

async function main(): Promise<void> {
  const root = process.cwd();
  const source = process.argv[2] ?? operatorCrdsUrl(NEWEST);
  const outDir = path.join(root, 'imports');

  const all = parseCrdBundle(await readSource(source), source);
  const byName = new Map(all.map((crd) => [crd.metadata.name, crd]));
  const missing = IMPORTED.filter((i) => !byName.has(i.crd)).map((i) => i.crd);
  if (missing.length > 0) {
    throw new Error(`${source} lacks ${missing.join(', ')}; pass the operator-crds.yaml of Calico ${NEWEST}`);
  }
  const wanted = [...new Set(IMPORTED.map((i) => i.crd))].map((name) => stripCrd(byName.get(name)!));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-import-'));
  try {
    const stripped = path.join(tmp, 'operator-crds.yaml');
    fs.writeFileSync(stripped, wanted.map((crd) => stringify(crd, { lineWidth: 0 })).join('---\n'));
    for (const file of new Set(IMPORTED.map((i) => i.file))) fs.rmSync(path.join(outDir, file), { force: true });
    execFileSync(
      process.execPath,
      [path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s'), 'import', stripped, '--language', 'typescript', '--output', outDir, '--no-save', '--no-check-upgrade'],
      { cwd: root, stdio: 'inherit' },
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  fs.writeFileSync(path.join(outDir, 'crd-schemas.json'), `${JSON.stringify(schemaIndex(wanted), null, 1)}\n`);

  for (const { file, className } of IMPORTED) {
    const code = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (!code.includes(`export class ${className} extends ApiObject`)) {
      throw new Error(`imports/${file} has no class ${className}: cdk8s import keeps only the last file of an API group, import one combined bundle`);
    }
  }
  process.stdout.write(`imported ${wanted.map((c) => c.spec.names.kind).join(', ')} from ${source} into imports/\n`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`import failed: ${err.message}\n`);
    process.exit(1);
  });
}
