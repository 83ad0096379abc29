/**
 * Reads what the committed output folder already says about the cluster, for checks that compare
 * a change with the state it replaces (a pool's cidr and blockSize cannot change in place).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MANIFEST_EXTENSION } from '../../lib/render/layout';
import { memo } from '../../lib/common/memo';
import { byPath } from './record';
import type { PreviousPool } from '../../lib/stack/stack-rules';

/** Pools of `Installation/default` in `outDir`, or undefined when there is no previous render. */
export function readPreviousPools(outDir: string): PreviousPool[] | undefined {
  if (!fs.existsSync(outDir)) return undefined;
  const names = fs.readdirSync(outDir).filter((f) => f.endsWith(MANIFEST_EXTENSION)).sort(byPath);
  return poolsOf(names.map((name) => [name, () => fs.readFileSync(path.join(outDir, name), 'utf8')]));
}

/**
 * The pools readPreviousPools() would read from a folder holding exactly `files` (an output folder's
 * files by relative path, e.g. a render): what a synth of them leaves for the next one to compare.
 */
export function renderedPools(files: ReadonlyMap<string, string>): PreviousPool[] | undefined {
  const names = [...files.keys()].filter((f) => !f.includes('/') && f.endsWith(MANIFEST_EXTENSION)).sort(byPath);
  return poolsOf(names.map((name) => [name, () => files.get(name)!]));
}

/** The pools of the first `Installation/default` in the manifests, in the order given. */
function poolsOf(manifests: ReadonlyArray<readonly [string, () => string]>): PreviousPool[] | undefined {
  for (const [, read] of manifests) {
    const text = read();
    if (!/^kind: Installation$/m.test(text)) continue; // skip CRD bundles and the rest without parsing them
    const pools = installationPools(text);
    if (pools !== undefined) return pools;
  }
  return undefined;
}

/**
 * JSON of the pools of `Installation/default` in a manifest's text ('' for none), by text: a synth
 * reads them from the output folder before the render and from the render after it, which is most
 * often the same text.
 */
const poolsByText = memo<string, string>();

function installationPools(text: string): PreviousPool[] | undefined {
  let known = poolsByText.get(text);
  if (known === undefined) {
    known = '';
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { calicoNetwork?: { ipPools?: PreviousPool[] } } } | null;
      if (obj?.kind === 'Installation' && obj.metadata?.name === 'default') {
        known = JSON.stringify(obj.spec?.calicoNetwork?.ipPools ?? []);
        break;
      }
    }
    poolsByText.set(text, known);
  }
  return known === '' ? undefined : JSON.parse(known) as PreviousPool[];
}
