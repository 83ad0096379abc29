import { closest } from '../../src/lib/common/closest';

describe('closest', () => {
  test('finds a likely typo: case first, then one edit (two from 8 characters)', () => {
    expect(closest('PODSUBNET', ['podSubnet', 'serviceSubnet'])).toBe('podSubnet');
    expect(closest('podSubnets', ['podSubnet', 'serviceSubnet'])).toBe('podSubnet');
    expect(closest('blocksiz', ['blockSize', 'cidr'])).toBe('blockSize');
    expect(closest('mtuu', ['mtu', 'bgp'])).toBe('mtu');
    expect(closest('bgpx', ['mtu', 'nodes'])).toBeUndefined();
  });

  test('answers at once for a word of 200 KB (an edit distance against it would take seconds)', () => {
    const start = process.hrtime.bigint();
    expect(closest('x'.repeat(200_000), ['podSubnet', 'serviceSubnet', 'nodeSubnets'])).toBeUndefined();
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(50);
  });
});
