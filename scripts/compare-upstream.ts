/**
 * npm run parity -- <upstream manifest.yaml> <rendered file or folder> [--kinds A,B] [--skip name1,name2]
 * npm run parity -- --releases <folder>
 *
 * The first form compares rendered objects with an upstream manifest object for object (see
 * scripts/parity.ts for what counts as equal) and prints every field that differs. `--skip` leaves
 * out objects by name (upstream objects a port renders on purpose without).
 *
 * The second form proves the operator of every supported Calico release equal to upstream: for each
 * release of the catalog it renders the Tigera operator (default settings) and compares it with
 * `<folder>/<version>/tigera-operator.yaml`, the release's `manifests/tigera-operator.yaml`; and it
 * renders the Calico custom resources with upstream's pools and compares them with
 * `<folder>/<version>/custom-resources.yaml` modulo what the release's operator writes into them
 * (scripts/parity.ts compareCustomResources). A release without those files counts as a failure.
 * Exit code 1 on any difference.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { compareCustomResources, compareObjects, CustomResourcesParity, Obj, objectsOf } from './parity';
import { parseCommandLine, UsageError } from '../src/app/cli/args';
import { CalicoChart } from '../src/lib/calico/calico-chart';
import type { IpPoolProps } from '../src/lib/calico/installation-props';
import { CalicoRelease, RELEASES } from '../src/lib/calico/releases';
import { TigeraOperatorChart } from '../src/lib/calico/tigera-operator-chart';
import { runScript } from './run-script';

function load(file: string): Obj[] {
  const files = fs.statSync(file).isDirectory()
    ? fs.readdirSync(file).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(file, f))
    : [file];
  return files.flatMap((f) => objectsOf(fs.readFileSync(f, 'utf8')));
}

function report(label: string, source: string, result: { compared: number; differences: string[] }): boolean {
  process.stdout.write(result.differences.length === 0
    ? `${label}identical: ${result.compared} objects of ${source} (CRDs aside)\n`
    : `${label}${result.differences.length} difference(s) in ${result.compared} objects of ${source}:\n${result.differences.map((p) => `  ${p}`).join('\n')}\n`);
  return result.differences.length === 0;
}

function releases(dir: string): boolean {
  let ok = true;
  for (const release of RELEASES) {
    const file = path.join(dir, release.version, 'tigera-operator.yaml');
    const crFile = path.join(dir, release.version, 'custom-resources.yaml');
    for (const f of [file, crFile].filter((f) => !fs.existsSync(f))) {
      process.stdout.write(`Calico ${release.version}: no ${f}\n`);
      ok = false;
    }
    const label = `Calico ${release.version} (operator ${release.operatorVersion}): `;
    if (fs.existsSync(file)) {
      // Rendered in memory: toJson() writes nothing, so the App's output folder is never created.
      const chart = new TigeraOperatorChart(new App({ outdir: path.join(os.tmpdir(), 'calico-stack-parity') }), 'tigera-operator', { release });
      const rendered = objectsOf(chart.toJson().map((o) => JSON.stringify(o)).join('\n---\n'));
      ok = report(label, file, compareObjects(load(file), rendered)) && ok;
    }
    if (fs.existsSync(crFile)) {
      const upstream = load(crFile);
      const result = compareCustomResources(upstream, renderCustomResources(release, upstream), release);
      ok = report(label, `${crFile} (modulo the operator's defaults)`, result) && ok;
      reportDecided(result);
    }
  }
  return ok;
}

/**
 * calico-stack's Calico custom resources for upstream's: the release, upstream's pools, and the
 * APIServer, Goldmane and Whisker upstream renders.
 */
export function renderCustomResources(release: CalicoRelease, upstream: readonly Obj[]): Obj[] {
  const installation = upstream.find((o) => o.kind === 'Installation') as (Obj & { spec?: { calicoNetwork?: { ipPools?: IpPoolProps[] } } }) | undefined;
  const has = (kind: string) => upstream.some((o) => o.kind === kind);
  const chart = new CalicoChart(new App({ outdir: path.join(os.tmpdir(), 'calico-stack-parity') }), 'calico', {
    version: release.version,
    ...(installation?.spec?.calicoNetwork?.ipPools ? { ipPools: installation.spec.calicoNetwork.ipPools } : {}),
    apiServer: has('APIServer'),
    goldmane: has('Goldmane'),
    whisker: has('Whisker'),
  });
  return objectsOf(chart.toJson().map((o) => JSON.stringify(o)).join('\n---\n'));
}

function reportDecided(result: CustomResourcesParity): void {
  if (result.operatorDecides.length === 0) return;
  process.stdout.write(`  rendered where upstream leaves the operator to decide at run time:\n${result.operatorDecides.map((p) => `    ${p}`).join('\n')}\n`);
}

export const USAGE = `usage: npm run parity -- <upstream manifest.yaml> <rendered file or folder> [--kinds A,B] [--skip name1,name2]
       npm run parity -- --releases <folder>
  the first form compares rendered objects with an upstream manifest, object for object, and prints every field that differs
  --kinds A,B          compare only these kinds
  --skip name1,name2   leave out objects with these names
  the second form compares the operator rendered for every supported Calico release with
  <folder>/<version>/tigera-operator.yaml (the release's manifests/tigera-operator.yaml), and its
  Calico custom resources with <folder>/<version>/custom-resources.yaml, modulo the operator's defaults
  -h, --help           this text
exit code 1 on any difference`;

/** What `npm run parity` was asked: one comparison, or every release's operator. */
export type ParityCommand =
  | { readonly releases: string }
  | { readonly upstream: string; readonly rendered: string; readonly kinds?: ReadonlySet<string>; readonly skip: ReadonlySet<string> };

/** The command line (process.argv.slice(2)); throws a UsageError (--help, a mistake). */
export function parseParityArgs(argv: readonly string[]): ParityCommand {
  const { values, positionals } = parseCommandLine(argv, {
    usage: USAGE,
    options: { releases: { type: 'string' }, kinds: { type: 'string' }, skip: { type: 'string' } },
    allowPositionals: true,
    maxPositionals: 2,
  });
  const list = (text: string) => text.split(',').filter((item) => item !== '');
  if (values.releases !== undefined) {
    const extra = [...positionals, ...(values.kinds === undefined ? [] : ['--kinds']), ...(values.skip === undefined ? [] : ['--skip'])];
    if (extra.length > 0) throw new UsageError(`--releases takes no other arguments (got ${extra.join(' ')})`, USAGE);
    return { releases: values.releases };
  }
  const missing = ['<upstream manifest.yaml>', '<rendered file or folder>'].slice(positionals.length);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(' and ')}`, USAGE);
  return {
    upstream: positionals[0],
    rendered: positionals[1],
    kinds: values.kinds === undefined ? undefined : new Set(list(values.kinds)),
    skip: new Set(values.skip === undefined ? [] : list(values.skip)),
  };
}

function main(argv: readonly string[]): number {
  const command = parseParityArgs(argv);
  if ('releases' in command) return releases(command.releases) ? 0 : 1;
  const result = compareObjects(load(command.upstream), load(command.rendered), { kinds: command.kinds, skip: command.skip });
  return report('', command.upstream, result) ? 0 : 1;
}

if (require.main === module) runScript('parity', main);
