/**
 * Reads what the committed output folder already says about the cluster, for checks that compare
 * a change with the state it replaces (a pool's cidr and blockSize cannot change in place).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MANIFEST_EXTENSION } from './layout';
import { PreviousPool } from '../stack/stack-rules';

/** Pools of `Installation/default` in `outDir`, or undefined when there is no previous render. */
export function readPreviousPools(outDir: string): PreviousPool[] | undefined {
  if (!fs.existsSync(outDir)) return undefined;
  for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith(MANIFEST_EXTENSION)).sort()) {
    const text = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (!/^kind: Installation$/m.test(text)) continue; // skip CRD bundles and the rest without parsing them
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { calicoNetwork?: { ipPools?: PreviousPool[] } } } | null;
      if (obj?.kind === 'Installation' && obj.metadata?.name === 'default') return obj.spec?.calicoNetwork?.ipPools ?? [];
    }
  }
  return undefined;
}
