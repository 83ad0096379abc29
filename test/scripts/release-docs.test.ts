/**
 * The documentation facts of each Calico minor (scripts/release-docs.ts), which add-release attaches
 * to the release data as `docs`: every shipped release has them, as the table says, and every row is
 * well formed and names its source.
 */
import * as fs from 'fs';
import * as path from 'path';
import { calicoMinor, RELEASE_DOCS, releaseDocsFor } from '../../scripts/release-docs';
import { extractRelease, RELEASE_FILES, ReleaseFile } from '../../scripts/release-data';
import { RELEASES } from '../../src/lib/calico/releases';
import { FIXTURES } from '../util';

describe('the table of documentation facts', () => {
  test('covers the minor of every shipped release, and every release\'s data carries its row (add-release regenerated it)', () => {
    const minors = [...new Set(RELEASES.map((r) => calicoMinor(r.version)))];
    expect(minors.filter((m) => !Object.hasOwn(RELEASE_DOCS, m))).toEqual([]);
    for (const release of RELEASES) {
      expect([release.version, release.docs]).toEqual([release.version, releaseDocsFor(release.version)]);
      expect([release.version, release.docs]).toEqual([release.version, expect.objectContaining({ kubernetes: expect.anything(), upgradesFrom: expect.anything() })]);
    }
  });

  test('the tested Kubernetes ranges and upgrade floors, as upstream\'s pages give them', () => {
    expect(Object.fromEntries(Object.entries(RELEASE_DOCS).map(([minor, d]) => [minor, `${d.kubernetes.min}–${d.kubernetes.max} from ${d.upgradesFrom.version}`]))).toEqual({
      'v3.28': '1.27–1.30 from v3.15',
      'v3.29': '1.29–1.32 from v3.15',
      'v3.30': '1.31–1.35 from v3.15',
      'v3.31': '1.32–1.35 from v3.15',
      'v3.32': '1.34–1.36 from v3.15',
    });
  });

  test.each(Object.entries(RELEASE_DOCS))('%s: Kubernetes minors in order, a Calico minor to upgrade from, each value citing a tigera/docs page of its own minor at a commit', (minor, d) => {
    const kube = /^1\.(\d+)$/;
    expect([d.kubernetes.min, d.kubernetes.max].every((v) => kube.test(v))).toBe(true);
    expect(Number(kube.exec(d.kubernetes.min)![1])).toBeLessThanOrEqual(Number(kube.exec(d.kubernetes.max)![1]));
    expect(d.upgradesFrom.version).toMatch(/^v3\.\d+$/);
    const folder = `calico_versioned_docs/version-${minor.slice(1)}/`;
    for (const source of [d.kubernetes.source, d.upgradesFrom.source]) {
      expect(source).toMatch(/^tigera\/docs@[0-9a-f]{40}:calico_versioned_docs\/[\w./-]+\.mdx:\d+(-\d+)?$/);
      expect(source).toContain(folder);
    }
  });

  test('a release whose minor has not been read has none; a version that is no tag is an error', () => {
    expect(releaseDocsFor('v3.99.0')).toBeUndefined();
    expect(releaseDocsFor('v3.29.0')).toBe(RELEASE_DOCS['v3.29']);
    expect(() => calicoMinor('3.29')).toThrow('"3.29" is not a Calico release tag (vX.Y.Z)');
  });
});

describe('add-release attaches them', () => {
  const files = (version: string): Record<ReleaseFile, string> =>
    Object.fromEntries(RELEASE_FILES.map((f) => [f, fs.readFileSync(path.join(FIXTURES, 'release', version, f), 'utf8')])) as Record<ReleaseFile, string>;

  test('as the last field of the data, by the release\'s minor; none when the table has no row for it', () => {
    const known = extractRelease({ version: 'v3.32.9', files: files('v9.2.0') }).data;
    expect(known.docs).toEqual(RELEASE_DOCS['v3.32']);
    expect(Object.keys(known).at(-1)).toBe('docs');
    expect('docs' in extractRelease({ version: 'v9.2.0', files: files('v9.2.0') }).data).toBe(false);
  });
});
