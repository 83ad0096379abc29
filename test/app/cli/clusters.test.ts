/** Loading cluster files for the commands (src/app/cli/clusters.ts). */
import * as path from 'path';
import { stringify } from 'yaml';
import { loadAndCheck } from '../../../src/app/cli/clusters';
import * as load from '../../../src/app/config/load';
import { formatFinding } from '../../../src/lib/common/findings';
import { clusterDoc, tempDir } from '../../util';

test('a failure of calico-stack itself on one cluster is that cluster\'s error finding; the next cluster loads as always', () => {
  const dir = tempDir({ 'a.yaml': stringify(clusterDoc({ name: 'a' })), 'b.yaml': stringify(clusterDoc({ name: 'b' })) });
  const failing = jest.spyOn(load, 'readClusterFile').mockImplementationOnce(() => {
    throw new TypeError('Cannot read properties of undefined (reading \'x\')');
  });
  try {
    const a = loadAndCheck(path.join(dir, 'a.yaml'));
    expect(a.stack).toBeUndefined();
    expect(a.findings.map(formatFinding)).toEqual([
      `${path.join(dir, 'a.yaml')}: calico-stack failed on this cluster: Cannot read properties of undefined (reading 'x') — this is a bug of calico-stack: please report it with the stack trace that CALICO_STACK_DEBUG=1 prints`,
    ]);
    const b = loadAndCheck(path.join(dir, 'b.yaml'));
    expect([b.spec?.name, b.findings]).toEqual(['b', []]);
  } finally {
    failing.mockRestore();
  }
});
