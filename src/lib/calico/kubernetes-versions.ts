/**
 * Kubernetes versions against the ones a Calico release was tested on (its `docs.kubernetes`, from
 * upstream's system requirements page; scripts/release-docs.ts). Small pure functions: the stack's
 * check (src/lib/stack/stack-rules.ts) and the day-two commands use the same ones.
 */
import { CalicoRelease, RELEASES } from './releases';

/**
 * A Kubernetes version as a cluster reports or a cluster file writes it: `v1.33.2`, `1.33.2`, `v1.33`
 * or `1.33`, with an optional pre-release or build suffix after the patch (`v1.34.0-rc.1`). Numbers
 * have no leading zeros.
 */
const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:[-+][0-9A-Za-z.+-]+)?)?$/;

/** The parts of a Kubernetes version: major, minor and, when written, patch. */
export interface KubernetesVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch?: number;
}

/** A Kubernetes version's parts; undefined for text that is not one (`stable-1.33`, `1.33.x`). */
export function parseKubernetesVersion(version: string): KubernetesVersion | undefined {
  const m = VERSION.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), ...(m[3] !== undefined ? { patch: Number(m[3]) } : {}) };
}

/** The minor of a Kubernetes version, `major.minor`: `v1.33.2` → `1.33`; undefined for text that is not a version. */
export function kubernetesMinor(version: string): string | undefined {
  const v = parseKubernetesVersion(version);
  return v ? `${v.major}.${v.minor}` : undefined;
}

/** Whether two versions name the same release as far as both are written: `1.33` and `v1.33.2` agree, `v1.33.1` and `v1.33.2` do not. */
export function sameKubernetesVersion(a: string, b: string): boolean {
  const [x, y] = [parseKubernetesVersion(a), parseKubernetesVersion(b)];
  if (!x || !y) return false;
  return x.major === y.major && x.minor === y.minor && (x.patch === undefined || y.patch === undefined || x.patch === y.patch);
}

/** Minors in order: negative when `a` is older. */
function compareMinors(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/**
 * Whether the release was tested on the Kubernetes minor (`1.33`; a full version such as `v1.33.2`
 * counts by its minor): within its tested range, both ends included. Undefined when the release has
 * no documentation facts; false for text that is not a Kubernetes version.
 */
export function testedOn(release: CalicoRelease, minor: string): boolean | undefined {
  const range = release.docs?.kubernetes;
  if (!range) return undefined;
  const v = parseKubernetesVersion(minor);
  const [min, max] = [parseKubernetesVersion(range.min), parseKubernetesVersion(range.max)];
  if (!v || !min || !max) return false;
  return compareMinors(min, v) <= 0 && compareMinors(v, max) <= 0;
}

/** The supported releases tested on the Kubernetes minor, newest first. */
export function releasesTestedOn(minor: string): CalicoRelease[] {
  return RELEASES.filter((r) => testedOn(r, minor) === true);
}

/** A release's tested range as text (`1.27–1.30`); undefined without documentation facts. */
export function testedRange(release: CalicoRelease): string | undefined {
  const range = release.docs?.kubernetes;
  return range ? `${range.min}–${range.max}` : undefined;
}
