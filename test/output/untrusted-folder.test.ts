/**
 * An output folder as untrusted input: whatever a user, a commit or another program put there — a
 * FIFO, a link to /dev/zero, a file of hundreds of megabytes, a huge tree — a write reads only
 * regular files, never through a link, never more than a limit, never blocking, and says what it
 * found with the path.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fsModule = require('fs');
import { OUTPUT_FILE_LIMIT } from '../../src/app/output/limits';
import { committedPools } from '../../src/app/output/previous-render';
import { OutputDirectory, writeOutputFolders } from '../../src/app/output/output-directory';
import { OwnershipConflictError } from '../../src/app/output/folder-plan';
import { formatRecord, parseRecord, RECORD_FILE, sha256 } from '../../src/app/output/record';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, tempDir } from '../util';

const FILES = renderStack(config(clusterDoc({ name: 'g0' })));
const mkfifo = (file: string) => expect(spawnSync('mkfifo', [file]).status).toBe(0);

/** dist/g0 written by calico-stack, then `prepare` run on it; returns the root. */
async function folder(prepare: (dir: string) => void): Promise<string> {
  const root = path.join(tempDir(), 'dist');
  await writeOutputFolders(root, [{ name: 'g0', files: FILES }]);
  prepare(path.join(root, 'g0'));
  return root;
}

async function plan(root: string, options: { force?: boolean } = {}): Promise<{ kept: string[]; problems: readonly string[] }> {
  const out = await OutputDirectory.open(root, { lockTimeoutMs: 0 });
  try {
    const p = out.plan([{ name: 'g0', files: FILES }], { overwriteEdits: options.force });
    return { kept: p.folders[0].kept.map((k) => `${path.basename(k.path)}: ${k.reason}`), problems: [] };
  } catch (err) {
    if (err instanceof OwnershipConflictError) return { kept: [], problems: err.problems };
    throw err;
  } finally {
    out.close();
  }
}

describe('files in an output folder that are not what they seem', () => {
  test('a FIFO named like a manifest of the user\'s is kept and never opened: the plan and the committed pools do not wait for a writer', async () => {
    const root = await folder((dir) => mkfifo(path.join(dir, '00-user.k8s.yaml')));
    expect(await plan(root)).toEqual({ kept: ['00-user.k8s.yaml: not calico-stack\'s'], problems: [] });
    expect(committedPools(path.join(root, 'g0'))).toEqual([expect.objectContaining({ name: 'default-ipv4-ippool' })]);
  });

  test('a FIFO, a link to /dev/zero or a folder where calico-stack\'s own file was: refused, named, nothing read', async () => {
    const [manifest] = [...FILES.keys()].filter((f) => f.endsWith('.k8s.yaml'));
    for (const [what, put] of [
      ['FIFO', (file: string) => mkfifo(file)],
      ['link to /dev/zero', (file: string) => fs.symlinkSync('/dev/zero', file)],
      ['folder', (file: string) => fs.mkdirSync(file)],
    ] as const) {
      const root = await folder((dir) => {
        fs.rmSync(path.join(dir, manifest));
        put(path.join(dir, manifest));
      });
      const opened = jest.spyOn(fsModule, 'openSync');
      try {
        expect({ what, ...await plan(root, { force: true }) }).toEqual({ what, kept: [], problems: [expect.stringMatching(new RegExp(`g0/${manifest} exists and is not a regular file calico-stack wrote — move it away`))] });
        expect(opened.mock.calls.filter(([p]) => String(p).endsWith(manifest))).toEqual([]);
      } finally {
        opened.mockRestore();
      }
      // The committed pools come from calico-stack's own files: a link or FIFO there is not read either.
      expect(() => committedPools(path.join(root, 'g0'))).not.toThrow();
    }
  });

  test('a file of calico-stack\'s grown past the limit (sparse, 700 MB) counts as changed by hand: refused without reading it, --force replaces it', async () => {
    const [manifest] = [...FILES.keys()].filter((f) => f.endsWith('.k8s.yaml'));
    const root = await folder((dir) => fs.truncateSync(path.join(dir, manifest), 700 * 1024 * 1024));
    expect(fs.statSync(path.join(root, 'g0', manifest)).size).toBeGreaterThan(OUTPUT_FILE_LIMIT);
    expect((await plan(root)).problems).toEqual([expect.stringContaining(`g0/${manifest} was changed by hand since calico-stack wrote it`)]);
    await writeOutputFolders(root, [{ name: 'g0', files: FILES }], { overwriteEdits: true });
    expect(fs.readFileSync(path.join(root, 'g0', manifest), 'utf8')).toBe(FILES.get(manifest));
  });

  test('a record that is a FIFO, too large, or lists itself is refused, naming it', async () => {
    const cases: Array<[string, (file: string) => void, RegExp]> = [
      ['FIFO', (file) => {
        fs.rmSync(file);
        mkfifo(file);
      }, /g0\/calico-stack\.sum is not a regular file \(a link, a folder, a FIFO…\) — this file is calico-stack's record of what it wrote; restore it from Git/],
      ['too large', (file) => fs.truncateSync(file, 2 * 1024 * 1024), /g0\/calico-stack\.sum is larger than 1 MiB \(2 MiB\) — this file is calico-stack's record of what it wrote; restore it from Git/],
      ['itself', (file) => fs.appendFileSync(file, `${sha256('x')}  ${RECORD_FILE}\n`), /g0\/calico-stack\.sum:\d+: ".*calico-stack\.sum" lists the record itself — this file is calico-stack's record of what it wrote; restore it from Git/],
    ];
    for (const [what, put, message] of cases) {
      const root = await folder((dir) => put(path.join(dir, RECORD_FILE)));
      expect({ what, problems: (await plan(root)).problems }).toEqual({ what, problems: [expect.stringMatching(message)] });
    }
  });

  test('a folder without a record is refused from its top level, without walking what is below', async () => {
    const root = path.join(tempDir(), 'dist');
    const home = path.join(root, 'home');
    for (let i = 0; i < 30; i++) fs.mkdirSync(path.join(home, `project-${i}`, 'node_modules', 'x'), { recursive: true });
    const listed = jest.spyOn(fsModule, 'readdirSync');
    try {
      await expect(writeOutputFolders(root, [{ name: 'home', files: FILES }])).rejects.toThrow(/home\/ is not empty and calico-stack did not write it \(no calico-stack\.sum\): project-0, project-1, project-10, project-11, project-12 and 25 more/);
      expect(listed.mock.calls.filter(([p]) => String(p).startsWith(home) && String(p) !== home)).toEqual([]);
    } finally {
      listed.mockRestore();
    }
  });

  test('the record a write leaves lists only regular files it wrote', async () => {
    const root = await folder(() => undefined);
    const record = parseRecord(fs.readFileSync(path.join(root, 'g0', RECORD_FILE), 'utf8'), RECORD_FILE);
    expect([...record.keys()].sort()).toEqual([...FILES.keys()].sort());
    expect(fs.readFileSync(path.join(root, 'g0', RECORD_FILE), 'utf8')).toBe(formatRecord(FILES));
  });
});
