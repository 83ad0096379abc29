/**
 * src/lib/common/props-schemas.json, the shapes of the exported constructs' props that they check at
 * run time, is generated from their TypeScript types by `npm run props-schemas`
 * (scripts/props-schemas.ts): it must be what the script writes now.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROPS_SCHEMAS_FILE, propsSchemasText } from '../../scripts/props-schemas';
import { ROOT } from '../util';

test('the committed props schemas are what npm run props-schemas generates from the props types', () => {
  const committed = fs.readFileSync(path.join(ROOT, PROPS_SCHEMAS_FILE), 'utf8');
  const generated = propsSchemasText(ROOT);
  // The first differing line says enough; a plain equality would print two long texts.
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  expect(line === -1 && a.length === b.length ? 'up to date' : `stale from line ${line + 1} (${JSON.stringify(b[line] ?? '')}): run npm run props-schemas`).toBe('up to date');
}, 120_000);

test('the schemas cover every construct src/index.ts exports, and nothing else', () => {
  const data = JSON.parse(fs.readFileSync(path.join(ROOT, PROPS_SCHEMAS_FILE), 'utf8'));
  const exported = require('../../src') as Record<string, unknown>;
  const { Construct } = require('constructs');
  const constructs = Object.entries(exported)
    .filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Construct)
    .map(([name]) => name)
    .filter((name) => name !== 'CalicoStack');
  expect(Object.keys(data.constructs).sort()).toEqual(constructs.sort());
  expect(Object.keys(data.schemas).sort()).toEqual([...new Set(Object.values<string>(data.constructs))].sort());
});
