/**
 * Kubernetes versions against the ranges the Calico releases were tested on
 * (src/lib/calico/kubernetes-versions.ts), on the shipped releases' documentation facts.
 */
import { kubernetesMinor, parseKubernetesVersion, releasesTestedOn, sameKubernetesVersion, testedOn, testedRange } from '../../src/lib/calico/kubernetes-versions';
import { calicoRelease, CalicoRelease } from '../../src/lib/calico/releases';

describe('kubernetesMinor', () => {
  test.each([
    ['v1.33.2', '1.33'], ['1.33.2', '1.33'], ['v1.33', '1.33'], ['1.33', '1.33'], ['v1.34.0-rc.1', '1.34'], ['v1.30.4+k3s1', '1.30'], ['v1.9.0', '1.9'],
  ])('%s → %s', (version, minor) => {
    expect(kubernetesMinor(version)).toBe(minor);
  });

  test.each([['stable-1.33'], ['latest'], ['1'], ['v1.33.x'], ['1.033'], [' 1.33'], ['v1.33-rc.1'], ['1.33.2.1'], ['']])('%j is not a version', (text) => {
    expect(kubernetesMinor(text)).toBeUndefined();
    expect(parseKubernetesVersion(text)).toBeUndefined();
  });

  test('the parts, the patch only where written', () => {
    expect(parseKubernetesVersion('v1.33.2')).toEqual({ major: 1, minor: 33, patch: 2 });
    expect(parseKubernetesVersion('1.33')).toEqual({ major: 1, minor: 33 });
  });
});

describe('sameKubernetesVersion: as far as both are written', () => {
  test.each([
    ['1.33', 'v1.33.2', true], ['v1.33.2', '1.33.2', true], ['v1.33', '1.33', true],
    ['v1.33.1', 'v1.33.2', false], ['1.32', 'v1.33.2', false], ['stable-1.33', 'v1.33.2', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameKubernetesVersion(a, b)).toBe(same);
    expect(sameKubernetesVersion(b, a)).toBe(same);
  });
});

describe('testedOn: the release\'s tested range, both ends included', () => {
  const v3282 = calicoRelease('v3.28.2');

  test('v3.28.2 was tested on 1.27–1.30', () => {
    expect(testedRange(v3282)).toBe('1.27–1.30');
    expect(['1.26', '1.27', '1.30', '1.31', 'v1.30.14', 'v1.33.2'].map((m) => [m, testedOn(v3282, m)])).toEqual([
      ['1.26', false], ['1.27', true], ['1.30', true], ['1.31', false], ['v1.30.14', true], ['v1.33.2', false],
    ]);
  });

  test('minors compare as numbers (1.9 is before 1.27), and text that is no version is not tested', () => {
    expect(testedOn(v3282, '1.9')).toBe(false);
    expect(testedOn(v3282, '1.100')).toBe(false);
    expect(testedOn(v3282, 'latest')).toBe(false);
  });

  test('undefined for a release without documentation facts', () => {
    const { docs: _docs, ...undocumented } = v3282;
    expect(testedOn(undocumented as CalicoRelease, '1.28')).toBeUndefined();
    expect(testedRange(undocumented as CalicoRelease)).toBeUndefined();
  });
});

describe('releasesTestedOn: newest first', () => {
  test.each([
    ['1.33', ['v3.31.7', 'v3.30.7']],
    ['v1.34.1', ['v3.32.1', 'v3.31.7', 'v3.30.7']],
    ['1.36', ['v3.32.1']],
    ['1.29', ['v3.29.7', 'v3.28.2']],
    ['1.26', []],
    ['1.37', []],
  ])('%s: %j', (minor, versions) => {
    expect(releasesTestedOn(minor).map((r) => r.version)).toEqual(versions);
  });
});
