/**
 * `drift <export.yaml>...`: a live cluster's export compared with the committed render of its
 * cluster (day2/drift.ts), for a cron job: one line per difference, exit 0 (none), 1 (drift),
 * 2 (an unreadable export, an unknown cluster).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine, UsageError } from './args';
import { EXPORTED_KINDS, ExportReadError, LiveObject, readClusterExports } from '../day2/cluster-export';
import { committedRelease, driftLines, driftOf, expectedLines, installationPools } from '../day2/drift';
import { INPUT_KINDS, readInputFile } from '../config/input-file';
import { committedObjects } from '../output/previous-render';
import { DataMap, isDataMap, parseYaml, toData } from '../../lib/common/yaml-data';

export const DRIFT_USAGE = `usage: npm run drift -- <export.yaml> [<more.yaml>...] [--config <file>] [--clusters <dir>] [--dist <dir>] [--expected]
  Compares a live cluster's export (the kubectl get line of docs/adopt-and-drift.md) with its committed dist/<name>/.
  One line per difference: kind/namespace/name path: committed → live.
options: --config <file>   the cluster file (default: the one whose committed Installation has the export's pools,
                           else the only one in --clusters)
         --clusters <dir>  (default clusters)  --dist <dir> (default dist)
         --expected        also list what the operator writes itself (expected, not drift)
exit codes: 0 no drift, 1 drift, 2 an unreadable export or an unknown cluster
the installed package's command is the same: calico-stack drift <export.yaml> [options] (no --)`;

/** Runs drift on `argv` (after the command's name); returns the exit code. */
export function driftCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {
    usage: DRIFT_USAGE,
    options: {
      config: { type: 'string' }, clusters: { type: 'string', default: 'clusters' }, dist: { type: 'string', default: 'dist' },
      expected: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('missing <export.yaml>', DRIFT_USAGE);
  let live: LiveObject[];
  try {
    live = readClusterExports(positionals);
  } catch (err) {
    if (err instanceof ExportReadError) {
      process.stderr.write(`calico-stack drift: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!live.some((o) => EXPORTED_KINDS.has(String(o.object.kind)))) {
    process.stderr.write(`calico-stack drift: the export holds none of the kinds drift compares (${[...EXPORTED_KINDS].join(', ')}) — export them with the kubectl get line of docs/adopt-and-drift.md\n`);
    return 2;
  }
  const name = whichCluster(live, values.config, values.clusters, values.dist);
  const folder = path.join(values.dist, name);
  const committed = committedObjects(folder);
  if (committed.objects.length === 0) {
    process.stderr.write(`calico-stack drift: ${folder}/ holds no committed render of cluster ${name} — run npm run synth and commit it first\n`);
    return 2;
  }
  const release = committedRelease(committed);
  if (!release) {
    process.stderr.write(`calico-stack drift: ${folder}/ has no Deployment tigera-operator of a release calico-stack knows — run npm run synth\n`);
    return 2;
  }
  for (const file of committed.unreadable) process.stderr.write(`calico-stack drift: ${folder}/${file} cannot be read or parsed: it is not compared\n`);
  const c = driftOf(live, committed, release);
  const lines = driftLines(c);
  for (const line of lines) process.stdout.write(`${line}\n`);
  const expected = expectedLines(c);
  if (values.expected) {
    process.stdout.write(`expected, written by the operator (not drift): ${expected.length}\n${expected.map((l) => `  ${l}\n`).join('')}`);
  }
  process.stdout.write(`${name}: ${lines.length === 0 ? 'no drift' : `${lines.length} ${lines.length === 1 ? 'difference' : 'differences'}`} from ${folder}/ (Calico ${release.version}; ${expected.length} expected operator writes${values.expected ? '' : ', --expected lists them'})\n`);
  return lines.length === 0 ? 0 : 1;
}

/** The cluster's name: --config's, else the one whose committed Installation has the export's pools, else the only one. */
function whichCluster(live: readonly LiveObject[], config: string | undefined, clusters: string, dist: string): string {
  if (config !== undefined) {
    const name = clusterName(config);
    if (name === undefined) throw new UsageError(`--config ${config}: not a readable cluster file with a name`, DRIFT_USAGE);
    return name;
  }
  let files: string[] = [];
  try {
    files = fs.readdirSync(clusters).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(clusters, f));
  } catch {
    throw new UsageError(`no cluster folder ${clusters}/ — give --config <file> or --clusters <dir>`, DRIFT_USAGE);
  }
  const names = files.map(clusterName).filter((n): n is string => n !== undefined);
  const pools = installationPools(live.map((o) => o.object));
  const matching = pools === undefined ? [] : names.filter((n) => installationPools(committedObjects(path.join(dist, n)).objects.map((o) => o.object as DataMap)) === pools);
  if (matching.length === 1) return matching[0];
  if (matching.length > 1) throw new UsageError(`the export's Installation matches the committed render of ${matching.join(', ')} — give --config <file>`, DRIFT_USAGE);
  if (names.length === 1) return names[0];
  throw new UsageError(`unknown cluster: the export's Installation ${pools === undefined ? 'is missing' : `(pools ${pools})`} matches no committed render in ${dist}/ of the ${names.length} cluster files in ${clusters}/ — give --config <file>`, DRIFT_USAGE);
}

/** The `name` of a cluster file (read bounded), or undefined. */
function clusterName(file: string): string | undefined {
  const read = readInputFile(file, INPUT_KINDS.clusterFile.limit);
  if (!('text' in read)) return undefined;
  const parsed = parseYaml(read.text);
  if ('error' in parsed || parsed.docs.length !== 1) return undefined;
  try {
    const data = toData(parsed.docs[0]);
    return isDataMap(data) && typeof data.name === 'string' ? data.name : undefined;
  } catch {
    return undefined;
  }
}
