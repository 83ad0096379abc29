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
 * `<folder>/<version>/tigera-operator.yaml`, the release's `manifests/tigera-operator.yaml`.
 * A release without that file counts as a failure. Exit code 1 on any difference.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { compareObjects, Obj, objectsOf } from './parity';
import { RELEASES } from '../src/lib/calico/releases';
import { TigeraOperatorChart } from '../src/lib/calico/tigera-operator-chart';

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
    if (!fs.existsSync(file)) {
      process.stdout.write(`Calico ${release.version}: no ${file}\n`);
      ok = false;
      continue;
    }
    // Rendered in memory: toJson() writes nothing, so the App's output folder is never created.
    const chart = new TigeraOperatorChart(new App({ outdir: path.join(os.tmpdir(), 'calico-stack-parity') }), 'tigera-operator', { release });
    const rendered = objectsOf(chart.toJson().map((o) => JSON.stringify(o)).join('\n---\n'));
    ok = report(`Calico ${release.version} (operator ${release.operatorVersion}): `, file, compareObjects(load(file), rendered)) && ok;
  }
  return ok;
}

const args = process.argv.slice(2);
if (args[0] === '--releases' && args[1]) {
  process.exitCode = releases(args[1]) ? 0 : 1;
} else {
  const [upstreamFile, renderedPath, ...rest] = args;
  if (!upstreamFile || !renderedPath) {
    process.stderr.write('usage: npm run parity -- <upstream manifest.yaml> <rendered file or folder> [--kinds A,B] [--skip name1,name2]\n'
      + '       npm run parity -- --releases <folder with <version>/tigera-operator.yaml per release>\n');
    process.exit(2);
  }
  const kindsFlag = rest.indexOf('--kinds');
  const skipFlag = rest.indexOf('--skip');
  const result = compareObjects(load(upstreamFile), load(renderedPath), {
    kinds: kindsFlag >= 0 ? new Set(rest[kindsFlag + 1].split(',')) : undefined,
    skip: new Set(skipFlag >= 0 ? rest[skipFlag + 1].split(',') : []),
  });
  process.exitCode = report('', upstreamFile, result) ? 0 : 1;
}
