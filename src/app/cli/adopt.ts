/**
 * `adopt <export.yaml>...`: a cluster file for a running cluster, from an export of its Calico
 * objects (day2/adopt.ts), written to `--out` (default `clusters/<name>.yaml`) only when it renders
 * what the cluster holds, and never over an existing file (opened with O_EXCL).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine, UsageError } from './args';
import { adopt, inexpressibleDifferences } from '../day2/adopt';
import { ExportReadError, readClusterExports } from '../day2/cluster-export';
import { expectedLines } from '../day2/drift';
import { showValue } from '../day2/live-compare';
import { formatFindings, hasErrors } from '../../lib/common/findings';
import { CALICO_VERSIONS } from '../../lib/calico/releases';
import { Cloud } from '../../lib/stack/cluster-spec';

export const ADOPT_USAGE = `usage: npm run adopt -- <export.yaml> [<more.yaml>...] [--name <name>] [--cloud <cloud>] [--version <release>] [--out <file>]
  Writes a cluster file for a running cluster from what kubectl exports of it (docs/adopt-and-drift.md has the
  kubectl get line per release), renders it and compares the render with the export field by field.
options: --name <name>       the cluster's name (default: kubeadm-config's clusterName)
         --cloud <cloud>     where the nodes run: ${Object.values(Cloud).join(', ')} (default: from the Installation's kubernetesProvider)
         --version <release> the Calico release, when the export has no Deployment tigera-operator (${CALICO_VERSIONS.join(', ')})
         --out <file>        where to write (default clusters/<name>.yaml); an existing file is never overwritten
exit codes: 0 written, the render equals the export (but for what the operator writes itself);
            1 the cluster uses something calico-stack cannot express (each named), runs a release calico-stack
              does not render, or runs Calico from manifests;
            2 a usage mistake, an unreadable export, or --out exists
the installed package's command is the same: calico-stack adopt <export.yaml> [options] (no --)`;

/** Runs adopt on `argv` (after the command's name); returns the exit code. */
export function adoptCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {
    usage: ADOPT_USAGE,
    options: { name: { type: 'string' }, cloud: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('missing <export.yaml>', ADOPT_USAGE);
  if (values.out !== undefined && fs.existsSync(values.out)) throw refuseExisting(values.out);
  let objects;
  try {
    objects = readClusterExports(positionals);
  } catch (err) {
    if (err instanceof ExportReadError) {
      process.stderr.write(`calico-stack adopt: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const result = adopt(objects, { name: values.name, cloud: values.cloud, version: values.version });
  if (result.outcome === 'usage') throw new UsageError(result.message, ADOPT_USAGE);
  if (result.outcome === 'manifest-install' || result.outcome === 'unsupported') {
    process.stderr.write(`calico-stack adopt: ${result.message}\n`);
    return 1;
  }
  const out = values.out ?? path.join('clusters', `${result.name}.yaml`);
  if (fs.existsSync(out)) throw refuseExisting(out);
  for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
  if (hasErrors(result.findings)) {
    process.stderr.write(`calico-stack adopt: the adopted file does not render:\n${formatFindings(result.findings, out)}\nnothing written\n`);
    return 1;
  }
  if (result.findings.length > 0) process.stdout.write(`${formatFindings(result.findings, out)}\n`);
  const problems = [...result.inexpressible, ...inexpressibleDifferences(result.proof, result.inexpressible)];
  const added = result.proof.changed.filter((d) => d.live === undefined);
  const expected = expectedLines(result.proof);
  process.stdout.write(`proof: ${out} (Calico ${result.release.version}) rendered and compared with the export field by field\n`);
  for (const d of added) process.stdout.write(`  the render adds ${d.object} ${d.path}: ${showValue(d.rendered)} (not in the cluster)\n`);
  for (const o of result.proof.missing) process.stdout.write(`  the render adds ${o} (not in the cluster)\n`);
  process.stdout.write(`  written by the operator itself, not by the file (${expected.length}):\n${expected.map((l) => `    ${l}\n`).join('')}`);
  if (problems.length > 0) {
    process.stderr.write(`calico-stack adopt: the cluster uses ${problems.length === 1 ? 'something' : `${problems.length} things`} calico-stack cannot express:\n`);
    for (const p of problems) process.stderr.write(`  ${p.path}: ${showValue(p.value)} — ${p.why}\n`);
    process.stderr.write(`nothing written: remove or change these in the cluster (or accept losing them) before adopting it\n`);
    return 1;
  }
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new UsageError(`--out ${out}: the folder ${path.dirname(out)} does not exist`, ADOPT_USAGE);
  let fd: number;
  try {
    fd = fs.openSync(out, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw refuseExisting(out);
    throw new UsageError(`--out ${out}: cannot be created: ${(err as Error).message}`, ADOPT_USAGE);
  }
  try {
    fs.writeSync(fd, result.text);
  } finally {
    fs.closeSync(fd);
  }
  process.stdout.write(`wrote ${out}: renders the export's objects (${result.proof.written.length} fields and ${result.proof.created.length} objects are the operator's own)\n`);
  process.stdout.write(`next: npm run synth -- --config ${out} --out dist/${result.name}, review, commit; npm run drift -- <export> checks the cluster against it\n`);
  return 0;
}

function refuseExisting(out: string): UsageError {
  return new UsageError(`--out ${out} exists: adopt never overwrites a file — choose another --out, or move that file away first`);
}
