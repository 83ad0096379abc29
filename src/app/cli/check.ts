/** `check`: renders every cluster (never from the cache) and compares with what the output folders hold. */
import { Job, Target } from './clusters';
import { fleetFolder } from './fleet';
import { OutputDirectory } from '../output/output-directory';

/** Prints what differs; exit 1 when anything does (dist/ is stale). */
export function check(jobs: readonly Job[], out: OutputDirectory, target: Target): number {
  // The fleet folder as a synth of every cluster writes it (a --config check leaves it out, as that synth does).
  const fleet = target.single === undefined ? target.repository?.fleet : undefined;
  const folders = [
    ...jobs.map((job) => ({ name: job.folder, files: job.files })),
    ...(fleet ? [fleetFolder(fleet, jobs.flatMap((job) => (job.fleet ? [job.fleet] : [])))] : []),
  ];
  const { differences, notOurs } = out.compare(folders, { prune: target.single === undefined });
  const where = `${out.display(target.single ?? '')}/`.replace(/^\.\/$/, './');
  for (const file of notOurs) process.stdout.write(`not calico-stack's, left alone: ${file}\n`);
  if (differences.length === 0) {
    process.stdout.write(`${where} is up to date (${jobs.length} cluster${jobs.length === 1 ? '' : 's'})\n`);
    return 0;
  }
  process.stderr.write(`${where} is stale — run \`npm run synth\` and commit the result:\n${differences.map((d) => `  ${d}`).join('\n')}\n`);
  return 1;
}
