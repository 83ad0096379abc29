/**
 * `from-helm <values.yaml> --name <n> --cloud <c>`: a cluster file from the tigera-operator Helm
 * chart's values (helm/from-helm.ts), proven against what the chart renders for them, written to
 * `--out` (default `clusters/<name>.yaml`) and never over an existing file (opened with O_EXCL).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine, UsageError } from './args';
import { expectedLines } from '../day2/drift';
import { showValue } from '../day2/live-compare';
import { fromHelm } from '../helm/from-helm';
import { readValuesFile, ValuesReadError } from '../helm/values-file';
import { formatFindings, hasErrors } from '../../lib/common/findings';
import { CALICO_VERSIONS, DEFAULT_CALICO_VERSION } from '../../lib/calico/releases';
import { Cloud } from '../../lib/stack/cluster-spec';

export const FROM_HELM_USAGE = `usage: npm run from-helm -- <values.yaml> --name <name> --cloud <cloud> [--out <file>] [--pod-subnet <cidrs>] [--release <chart version>]
  Writes a cluster file from the values of the tigera-operator Helm chart (helm get values <release> -o yaml),
  renders it and compares the render with what the chart renders for the same values (docs/from-helm.md).
options: --name <name>            the cluster's name (the file's name and dist/<name>/)
         --cloud <cloud>          where the nodes run: ${Object.values(Cloud).join(', ')}
         --out <file>             where to write (default clusters/<name>.yaml); an existing file is never overwritten
         --pod-subnet <cidrs>     platform.podSubnet (default: the CIDRs of installation.calicoNetwork.ipPools)
         --release <version>      the chart's version, which is its Calico release (default ${DEFAULT_CALICO_VERSION}; ${CALICO_VERSIONS.join(', ')})
exit codes: 0 written (every value it cannot carry is printed, one line each);
            1 the converted file does not render (nothing written);
            2 a usage mistake, an unreadable values file, or --out exists
the installed package's command is the same: calico-stack from-helm <values.yaml> [options] (no --)`;

/** Runs from-helm on `argv` (after the command's name); returns the exit code. */
export function fromHelmCommand(argv: readonly string[]): number {
  const { values, positionals } = parseCommandLine(argv, {
    usage: FROM_HELM_USAGE,
    options: { name: { type: 'string' }, cloud: { type: 'string' }, out: { type: 'string' }, 'pod-subnet': { type: 'string' }, release: { type: 'string' } },
    allowPositionals: true,
    maxPositionals: 1,
  });
  if (positionals.length === 0) throw new UsageError('missing <values.yaml>', FROM_HELM_USAGE);
  if (values.name === undefined) throw new UsageError('missing --name <name> (the cluster\'s name)', FROM_HELM_USAGE);
  if (values.cloud === undefined) throw new UsageError(`missing --cloud <cloud> (${Object.values(Cloud).join(', ')})`, FROM_HELM_USAGE);
  const out = values.out ?? path.join('clusters', `${values.name}.yaml`);
  if (fs.existsSync(out)) throw refuseExisting(out);
  let data;
  try {
    data = readValuesFile(positionals[0]);
  } catch (err) {
    if (err instanceof ValuesReadError) {
      process.stderr.write(`calico-stack from-helm: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const result = fromHelm(data, { name: values.name, cloud: values.cloud, podSubnet: values['pod-subnet'], release: values.release, source: path.basename(positionals[0]) });
  if (result.outcome === 'usage') throw new UsageError(result.message, FROM_HELM_USAGE);
  for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
  if (hasErrors(result.findings) || result.proof === undefined) {
    process.stderr.write(`calico-stack from-helm: the converted file does not render:\n${formatFindings(result.findings, out)}\nnothing written\n`);
    return 1;
  }
  if (result.findings.length > 0) process.stdout.write(`${formatFindings(result.findings, out)}\n`);
  const proof = result.proof;
  process.stdout.write(`proof: ${out} (Calico ${result.release.version}) rendered and compared with what the chart renders for these values\n`);
  const left = proof.resources.changed.filter((x) => x.live === undefined);
  // A field the operator writes when it runs: the chart leaves it to the operator, calico-stack decides it from the cluster file.
  for (const d of left.filter((x) => x.operatorWrites !== undefined)) process.stdout.write(`  the render sets ${d.object} ${d.path}: ${showValue(d.rendered)} (the chart leaves it to the operator, which writes it when it runs: ${d.operatorWrites})\n`);
  for (const d of left.filter((x) => x.operatorWrites === undefined)) process.stdout.write(`  the render adds ${d.object} ${d.path}: ${showValue(d.rendered)} (the chart leaves it out)\n`);
  for (const o of proof.resources.missing) process.stdout.write(`  the render adds ${o} (the chart renders none)\n`);
  const expected = expectedLines(proof.resources);
  process.stdout.write(`  what the operator writes itself, which calico-stack renders (${expected.length}):\n${expected.map((l) => `    ${l}\n`).join('')}`);
  if (result.uncarried.length > 0) {
    process.stdout.write(`not carried over (${result.uncarried.length}):\n`);
    for (const u of result.uncarried) process.stdout.write(`  ${u.path}: ${u.shown} — ${u.why}\n`);
  } else {
    process.stdout.write('every value is carried over\n');
  }
  if (!fs.existsSync(path.dirname(path.resolve(out)))) throw new UsageError(`--out ${out}: the folder ${path.dirname(out)} does not exist`, FROM_HELM_USAGE);
  let fd: number;
  try {
    fd = fs.openSync(out, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw refuseExisting(out);
    throw new UsageError(`--out ${out}: cannot be created: ${(err as Error).message}`, FROM_HELM_USAGE);
  }
  try {
    fs.writeSync(fd, result.text);
  } finally {
    fs.closeSync(fd);
  }
  process.stdout.write(`wrote ${out}\n`);
  process.stdout.write(`next: npm run synth -- --config ${out} --out dist/${values.name}, review, commit\n`);
  return 0;
}

function refuseExisting(out: string): UsageError {
  return new UsageError(`--out ${out} exists: from-helm never overwrites a file — choose another --out, or move that file away first`);
}
