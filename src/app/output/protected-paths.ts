/**
 * Output locations the CLI refuses before it looks inside them: a folder that is, or contains,
 * the project, its cluster files or a Git repository. The ownership record (record.ts) would refuse
 * most of them too (they hold files calico-stack did not write); this check says why in words.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface ProtectedPathOptions {
  /** The option that named the location, for the message (`--out`, `--dist`). */
  readonly flag: string;
  /** The cluster files of the run: their folders are protected. */
  readonly clusterFiles: readonly string[];
  /** The folder of cluster files, when the run reads one. */
  readonly clustersDir?: string;
  /** The project folder. @default process.cwd() */
  readonly projectDir?: string;
}

/** Why `location` must not be written, or undefined when it may be (subject to ownership). */
export function protectedOutputProblem(location: string, options: ProtectedPathOptions): string | undefined {
  const target = canonical(location);
  const project = canonical(options.projectDir ?? process.cwd());
  const shown = `${options.flag} ${JSON.stringify(path.relative(project, target) || '.')}`;
  const protectedDirs: Array<[string, string]> = [
    [project, 'the project folder'],
    ...(options.clustersDir !== undefined ? [[canonical(options.clustersDir), 'the cluster-file folder'] as [string, string]] : []),
    ...options.clusterFiles.map((f): [string, string] => [canonical(path.dirname(f)), `the folder of ${f}`]),
  ];
  const repo = gitRoot(project);
  if (repo !== undefined) protectedDirs.push([repo, 'the Git repository']);
  for (const [dir, what] of protectedDirs) {
    if (dir === target || isInside(dir, target)) {
      return `${shown}: is ${dir === target ? '' : 'a folder that contains '}${what} (${dir}) — calico-stack writes into a folder of its own, such as dist/<name>`;
    }
  }
  const segments = path.relative(repo ?? project, target).split(path.sep);
  if (segments.includes('.git') || segments.includes('node_modules')) {
    return `${shown}: is inside ${segments.includes('.git') ? '.git' : 'node_modules'} — choose a folder of its own, such as dist/<name>`;
  }
  return undefined;
}

/** Whether `inner` is below `outer` (both canonical). */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
function canonical(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}

/** The top folder of the Git work tree holding `dir`, if any. */
function gitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}
