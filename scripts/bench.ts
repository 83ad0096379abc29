/**
 * npm run bench [-- --runs <n>]
 *
 * Measures, on this machine and in one run:
 *  - the baseline: `node -e "require('cdk8s-plus-28')"` (starting Node.js and loading cdk8s),
 *  - `npm run synth` of the shipped example on an unchanged tree (precompiled JavaScript),
 *  - `npm run synth` of 1 and of 20 generated cluster files (temp folder), to get the cost of each extra cluster,
 *    both as a user meets it (the render cache holds the clusters rendered before) and with --no-cache
 *    (every cluster rendered from scratch, for information),
 * and prints min/median of several runs with the ratios against the targets:
 *  - synth ≤ 3 × baseline,
 *  - each additional cluster < 10 % of the baseline.
 * Exits 1 when a target is missed. Nothing in the repository is written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { parse, stringify } from 'yaml';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const root = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function time(cmd: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return seconds;
}

function measure(label: string, cmd: string, args: string[]): { label: string; min: number; median: number } {
  time(cmd, args); // warm-up: builds .build/ if stale, fills the file cache
  const samples = Array.from({ length: runs }, () => time(cmd, args)).sort((a, b) => a - b);
  return { label, min: samples[0], median: samples[Math.floor(samples.length / 2)] };
}

function clusterSet(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `calico-stack-bench-${count}-`));
  const example = parse(fs.readFileSync(path.join(root, 'clusters', 'kans-homelab.yaml'), 'utf8')) as Record<string, unknown>;
  fs.mkdirSync(path.join(dir, 'clusters', 'kans-homelab'), { recursive: true });
  fs.copyFileSync(path.join(root, 'clusters', 'kans-homelab', 'kubeadm-config.yaml'), path.join(dir, 'clusters', 'kans-homelab', 'kubeadm-config.yaml'));
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, 'clusters', `c${String(i).padStart(2, '0')}.yaml`), stringify({ ...example, name: `bench-${i}` }));
  }
  return dir;
}

const synthArgs = (dir: string, ...extra: string[]) => ['run', '-s', 'synth', '--', '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist'), ...extra];
const one = clusterSet(1);
const twenty = clusterSet(20);
try {
  const baseline = measure('baseline: node -e "require(\'cdk8s-plus-28\')"', process.execPath, ['-e', "require('cdk8s-plus-28')"]);
  const example = measure('npm run synth (the shipped example, into a temp dist)', npm, synthArgs(one));
  const single = measure('npm run synth, 1 generated cluster', npm, synthArgs(one));
  const many = measure('npm run synth, 20 generated clusters', npm, synthArgs(twenty));
  const singleCold = measure('npm run synth -- --no-cache, 1 generated cluster', npm, synthArgs(one, '--no-cache'));
  const manyCold = measure('npm run synth -- --no-cache, 20 generated clusters', npm, synthArgs(twenty, '--no-cache'));
  const perCluster = { min: (many.min - single.min) / 19, median: (many.median - single.median) / 19 };
  const perClusterCold = { min: (manyCold.min - singleCold.min) / 19, median: (manyCold.median - singleCold.median) / 19 };

  const rows = [baseline, example, single, many, singleCold, manyCold];
  const w = Math.max(...rows.map((r) => r.label.length));
  process.stdout.write(`${runs} runs each (after one warm-up), seconds\n`);
  process.stdout.write(`${'measurement'.padEnd(w)}  ${'min'.padStart(6)}  ${'median'.padStart(6)}\n`);
  for (const r of rows) process.stdout.write(`${r.label.padEnd(w)}  ${r.min.toFixed(3).padStart(6)}  ${r.median.toFixed(3).padStart(6)}\n`);
  process.stdout.write(`${'each additional cluster ((20 − 1) / 19)'.padEnd(w)}  ${perCluster.min.toFixed(3).padStart(6)}  ${perCluster.median.toFixed(3).padStart(6)}\n`);
  process.stdout.write(`${'  the same, --no-cache'.padEnd(w)}  ${perClusterCold.min.toFixed(3).padStart(6)}  ${perClusterCold.median.toFixed(3).padStart(6)}\n\n`);

  const synthRatio = example.median / baseline.median;
  const clusterRatio = perCluster.median / baseline.median;
  const checks = [
    { target: 'synth ≤ 3 × baseline', value: `${synthRatio.toFixed(2)} ×`, ok: synthRatio <= 3 },
    { target: 'additional cluster < 10 % of baseline', value: `${(clusterRatio * 100).toFixed(1)} %`, ok: clusterRatio < 0.1 },
  ];
  for (const c of checks) process.stdout.write(`${c.ok ? 'PASS' : 'FAIL'}  ${c.target}: ${c.value} (medians)\n`);
  process.stdout.write(`info  additional cluster rendered from scratch (--no-cache): ${((perClusterCold.median / baseline.median) * 100).toFixed(1)} % of baseline\n`);
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
} finally {
  fs.rmSync(one, { recursive: true, force: true });
  fs.rmSync(twenty, { recursive: true, force: true });
}
