/**
 * What upstream's documentation says about each Calico minor release, kept here by minor (as
 * scripts/operator-writes.ts is kept by operator tag) because the manifests do not hold it: the
 * Kubernetes minor versions the release was tested on, and the oldest Calico release its upgrade
 * page supports upgrading from. add-release attaches the row of the release's minor as `docs` of its
 * data (src/lib/calico/release-data.ts, ReleaseDocs); src/lib/calico/kubernetes-versions.ts reads it.
 *
 * Every value names its source: a file of github.com/tigera/docs at a commit, with the lines. The
 * tested versions are the list under "Supported versions" of
 * `calico_versioned_docs/version-3.X/_includes/partials/_system-requirements.mdx` (for v3.28, which
 * tigera/docs dropped in commit 013d7d68c, `getting-started/kubernetes/requirements.mdx` as it was in
 * that commit's parent); the upgrade floor is the first paragraph of
 * `calico_versioned_docs/version-3.X/operations/upgrading/kubernetes-upgrade.mdx`.
 *
 * Adding a minor: read both pages of the new `version-3.X` folder at a current commit of tigera/docs,
 * add a row; `test/scripts/release-docs.test.ts` fails until every shipped release's minor has one.
 */
import type { ReleaseDocs } from '../src/lib/calico/release-data';

/** tigera/docs `main` where the pages of v3.29 to v3.32 were read. */
const DOCS_COMMIT = 'f2a2762432b54f20274d42c67bfa828d82872498';
/** The parent of tigera/docs commit 013d7d68c ("Remove OSS 3.28"): the last with the v3.28 pages. */
const DOCS_COMMIT_V3_28 = '6f8ea13d3ed5a22ed72f8f13fa6f99837e7a674e';

const at = (commit: string, path: string, lines: string) => `tigera/docs@${commit}:${path}:${lines}`;
const requirements = (minor: string, lines: string) => at(DOCS_COMMIT, `calico_versioned_docs/version-${minor}/_includes/partials/_system-requirements.mdx`, lines);
const upgradePage = (minor: string, commit = DOCS_COMMIT) => at(commit, `calico_versioned_docs/version-${minor}/operations/upgrading/kubernetes-upgrade.mdx`, '11');

/** By Calico minor (`v3.32`), oldest first. */
export const RELEASE_DOCS: Readonly<Record<string, ReleaseDocs>> = {
  'v3.28': {
    kubernetes: { min: '1.27', max: '1.30', source: at(DOCS_COMMIT_V3_28, 'calico_versioned_docs/version-3.28/getting-started/kubernetes/requirements.mdx', '18-21') },
    upgradesFrom: { version: 'v3.15', source: upgradePage('3.28', DOCS_COMMIT_V3_28) },
  },
  'v3.29': {
    kubernetes: { min: '1.29', max: '1.32', source: requirements('3.29', '181-184') },
    upgradesFrom: { version: 'v3.15', source: upgradePage('3.29') },
  },
  'v3.30': {
    kubernetes: { min: '1.31', max: '1.35', source: requirements('3.30', '181-185') },
    upgradesFrom: { version: 'v3.15', source: upgradePage('3.30') },
  },
  'v3.31': {
    kubernetes: { min: '1.32', max: '1.35', source: requirements('3.31', '181-184') },
    upgradesFrom: { version: 'v3.15', source: upgradePage('3.31') },
  },
  'v3.32': {
    kubernetes: { min: '1.34', max: '1.36', source: requirements('3.32', '181-183') },
    upgradesFrom: { version: 'v3.15', source: upgradePage('3.32') },
  },
};

/** The minor of a Calico release tag: `v3.29.7` → `v3.29`. */
export function calicoMinor(version: string): string {
  const m = /^(v\d+\.\d+)\.\d+$/.exec(version);
  if (!m) throw new Error(`"${version}" is not a Calico release tag (vX.Y.Z)`);
  return m[1];
}

/** The documentation facts of a release, by its minor; undefined when its minor has not been read. */
export function releaseDocsFor(version: string): ReleaseDocs | undefined {
  const minor = calicoMinor(version);
  return Object.hasOwn(RELEASE_DOCS, minor) ? RELEASE_DOCS[minor] : undefined;
}
