/**
 * npm run import -- [<operator-crds.yaml path or URL, or a folder holding it>] [<v3_projectcalico_org.yaml path or URL>]
 *
 * Regenerates imports/ from the Tigera operator's CRD bundle and the release's `projectcalico.org/v3`
 * CRDs (the kinds calico-stack renders in that API group: FelixConfiguration, BGPConfiguration, BGPPeer):
 *  1. reads both (default: the upstream manifests/operator-crds.yaml and manifests/v3_projectcalico_org.yaml
 *     of the newest release; a folder holds both; without network it says which URL failed and to pass
 *     downloaded files instead),
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
import { parseCommandLine } from '../src/app/cli/args';
import { parseCrdBundle } from '../src/lib/calico/crd-bundle';
import { operatorCrdsUrl, RELEASES } from '../src/lib/calico/releases';
import { runScript } from './run-script';

/** imports/ is generated from the newest release: its fields are typed, older releases' are a subset (src/lib/calico/release-fields.ts checks them). */
const NEWEST = RELEASES[0].version;

/** The upstream files the CRDs come from (each in manifests/ at the release's tag). */
const OPERATOR_CRDS = 'operator-crds.yaml';
const V3_CRDS = 'v3_projectcalico_org.yaml';

/**
 * CRDs whose classes calico-stack uses, the file each comes from and the class it must produce.
 * projectcalico.org/v3 kinds come from the release's native v3 CRDs, whose schemas equal the
 * crd.projectcalico.org/v1 ones the Calico API server stores them in (same fields, same rules).
 */
const IMPORTED: ReadonlyArray<{ crd: string; from: string; file: string; className: string }> = [
  { crd: 'installations.operator.tigera.io', from: OPERATOR_CRDS, file: 'operator.tigera.io.ts', className: 'Installation' },
  { crd: 'apiservers.operator.tigera.io', from: OPERATOR_CRDS, file: 'operator.tigera.io.ts', className: 'ApiServer' },
  { crd: 'goldmanes.operator.tigera.io', from: OPERATOR_CRDS, file: 'operator.tigera.io.ts', className: 'Goldmane' },
  { crd: 'whiskers.operator.tigera.io', from: OPERATOR_CRDS, file: 'operator.tigera.io.ts', className: 'Whisker' },
  { crd: 'felixconfigurations.projectcalico.org', from: V3_CRDS, file: 'projectcalico.org.ts', className: 'FelixConfiguration' },
  { crd: 'bgpconfigurations.projectcalico.org', from: V3_CRDS, file: 'projectcalico.org.ts', className: 'BgpConfiguration' },
  { crd: 'bgppeers.projectcalico.org', from: V3_CRDS, file: 'projectcalico.org.ts', className: 'BgpPeer' },
];

/** What to do when the bundle cannot be downloaded here. */
export function instead(url: string): string {
  return `Instead, download ${url} on a machine that can reach it, copy it here and run \`npm run import -- <that file>\``
    + ' (a folder of the release\'s upstream manifests holds it as operator-crds.yaml).';
}

export async function readSource(source: string, fileInFolder = OPERATOR_CRDS): Promise<string> {
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
  const file = fs.statSync(source).isDirectory() ? path.join(source, fileInFolder) : source;
  return fs.readFileSync(file, 'utf8');
}

export const USAGE = `usage: npm run import [-- [<${OPERATOR_CRDS}>] [<${V3_CRDS}>]]
  regenerates imports/ from the CRDs of Calico ${NEWEST} calico-stack renders
  <${OPERATOR_CRDS}>         path or URL of the Tigera operator's CRD bundle, or a folder holding both files
                               (default: manifests/${OPERATOR_CRDS} of Calico ${NEWEST} on GitHub)
  <${V3_CRDS}>  path or URL of the release's projectcalico.org/v3 CRDs
                               (default: the folder's, or manifests/${V3_CRDS} on GitHub)
  -h, --help                   this text`;

/** Where the two CRD files come from: a path, a URL or a folder each (undefined: the default). */
export interface ImportSources {
  readonly source?: string;
  readonly v3Source?: string;
}

/** The command line (process.argv.slice(2)); throws a UsageError (--help, a mistake). */
export function parseImportArgs(argv: readonly string[]): ImportSources {
  const { positionals } = parseCommandLine(argv, { usage: USAGE, options: {}, allowPositionals: true, maxPositionals: 2 });
  return { source: positionals[0], v3Source: positionals[1] };
}

async function main(argv: readonly string[]): Promise<void> {
  const root = process.cwd();
  const args = parseImportArgs(argv);
  const source = args.source ?? operatorCrdsUrl(NEWEST);
  const folder = !/^https?:\/\//.test(source) && fs.statSync(source).isDirectory();
  const v3Source = args.v3Source ?? (folder ? source : operatorCrdsUrl(NEWEST).replace(/operator-crds\.yaml$/, V3_CRDS));
  const outDir = path.join(root, 'imports');

  const byName = new Map<string, ReturnType<typeof parseCrdBundle>[number]>();
  for (const [from, where] of [[OPERATOR_CRDS, source], [V3_CRDS, v3Source]] as const) {
    const crds = parseCrdBundle(await readSource(where, from), where);
    const missing = IMPORTED.filter((i) => i.from === from && !crds.some((c) => c.metadata.name === i.crd)).map((i) => i.crd);
    if (missing.length > 0) throw new Error(`${where} lacks ${missing.join(', ')}; pass the ${from} of Calico ${NEWEST}`);
    for (const crd of crds) if (IMPORTED.some((i) => i.from === from && i.crd === crd.metadata.name)) byName.set(crd.metadata.name, crd);
  }
  const wanted = [...new Set(IMPORTED.map((i) => i.crd))].map((name) => stripCrd(byName.get(name)!));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-import-'));
  try {
    const stripped = path.join(tmp, 'operator-crds.yaml');
    fs.writeFileSync(stripped, wanted.map((crd) => stringify(crd, { lineWidth: 0 })).join('---\n'));
    for (const file of new Set([...IMPORTED.map((i) => i.file), 'crd.projectcalico.org.ts'])) fs.rmSync(path.join(outDir, file), { force: true });
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
  process.stdout.write(`imported ${wanted.map((c) => `${c.spec.group}/${c.spec.names.kind}`).join(', ')} from ${source} and ${v3Source} into imports/\n`);
}

if (require.main === module) runScript('import', main);
