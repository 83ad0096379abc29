/**
 * The table of what the operator writes (scripts/operator-writes.ts, attached to every release's data
 * by add-release): read at each shipped release's own operator, and in agreement with the research
 * inventory docs/upstream/operator-written-fields.json, row for row and line for line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { INVENTORIED_TAGS, inventoriedTag, operatorWritesFor } from '../../scripts/operator-writes';
import { operatorWriteTable, WriteDisposition } from '../../src/lib/calico/operator-written-fields';
import { RELEASES } from '../../src/lib/calico/releases';
import { ROOT } from '../util';

interface InventoryRow {
  readonly id: string;
  readonly object: string;
  readonly releases: Readonly<Record<string, string>>;
}

const INVENTORY: InventoryRow[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'upstream', 'operator-written-fields.json'), 'utf8'));
/** Table rows that split one inventory row (one field each), by the inventory's id. */
const SPLIT: Readonly<Record<string, string>> = {
  'installation.windowsNodes.cniBinDir': 'installation.windowsNodes',
  'installation.windowsNodes.cniConfigDir': 'installation.windowsNodes',
  'installation.windowsNodes.cniLogDir': 'installation.windowsNodes',
  'installation.cni.binDir': 'installation.cni.confDir',
};
/** Inventory rows that are no field of their own: where the write-back happens, the pool list as a whole, the IPPool objects (calico-stack renders none). */
const NOT_FIELDS = (row: InventoryRow) => row.id.endsWith('.writeBack') || row.id.startsWith('ippool.object.') || row.id === 'ipPools.list' || row.id === 'ipPools.emptyList';

describe('the table of what the operator writes', () => {
  test('every shipped release\'s table was read at its own operator\'s tag', () => {
    for (const release of RELEASES) expect([release.version, release.operatorWrites.readAt]).toEqual([release.version, release.operatorVersion]);
  });

  test('a release whose operator was not inventoried gets the nearest older tag\'s table, and says so', () => {
    expect(inventoriedTag('v1.42.9')).toBe('v1.42.3');
    expect(inventoriedTag('v1.39.0')).toBe('v1.38.13');
    expect(inventoriedTag('v1.20.0')).toBe('v1.34.5');
    expect(operatorWritesFor('v1.50.0').readAt).toBe('v1.42.3');
  });

  test.each(INVENTORIED_TAGS)('%s: the same rows and lines as the inventory (docs/upstream/operator-written-fields.json)', (tag) => {
    const table = operatorWritesFor(tag).fields;
    for (const row of table) {
      const inventory = INVENTORY.find((r) => r.id === (SPLIT[row.id] ?? row.id));
      if (!inventory) continue;
      expect([row.id, row.at]).toEqual([row.id, inventory.releases[tag]]);
    }
    const covered = new Set(table.map((r) => SPLIT[r.id] ?? r.id));
    const missing = INVENTORY.filter((r) => !NOT_FIELDS(r) && r.releases[tag] !== undefined && !covered.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  test('every row is rendered, rendered once the provider is named, or left to the operator with a reason', () => {
    for (const release of RELEASES) {
      for (const row of operatorWriteTable(release)) {
        expect(Object.values(WriteDisposition)).toContain(row.disposition);
        if (row.disposition === WriteDisposition.HANDLED) expect(row.reason).toMatch(/\S/);
      }
    }
    const v3321 = operatorWriteTable(RELEASES.find((r) => r.version === 'v3.32.1')!);
    expect(v3321.filter((r) => r.kind === 'Installation' && r.disposition === WriteDisposition.HANDLED).map((r) => r.pointer)).toEqual([
      '/spec/kubernetesProvider', '/spec/cni/type', '/spec/calicoNetwork/nodeAddressAutodetectionV6', '/spec/calicoNetwork/nodeAddressAutodetectionV4',
      '/metadata/finalizers', '/spec/calicoNetwork/ipPools/*/name',
    ]);
  });
});
