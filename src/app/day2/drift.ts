/**
 * Drift: a live cluster's export compared with the committed render of its cluster
 * (`dist/<name>/`, read with committedObjects): fields changed in the cluster, objects missing or
 * extra, and kept apart what the operator writes itself (expected: the release's operatorWrites
 * table). Only the kinds the export covers are compared (adopt.ts EXPORTED_KINDS).
 */
import { EXPORTED_KINDS, identityOf, LiveObject } from './cluster-export';
import { compareWithLive, Comparison, FieldDifference, showValue } from './live-compare';
import { CalicoRelease, RELEASES } from '../../lib/calico/releases';
import { DataMap, isDataMap } from '../../lib/common/yaml-data';
import { RenderedObjects } from '../output/previous-render';

/** The release of a committed render: the one whose operator its Deployment tigera-operator runs. */
export function committedRelease(committed: RenderedObjects): CalicoRelease | undefined {
  for (const { object } of committed.objects) {
    if (object.kind !== 'Deployment' || identityOf(object as DataMap).name !== 'tigera-operator') continue;
    const containers = ((((object as DataMap).spec as DataMap | undefined)?.template as DataMap | undefined)?.spec as DataMap | undefined)?.containers;
    const images = Array.isArray(containers) ? containers.filter(isDataMap).map((c) => String(c.image ?? '')) : [];
    for (const image of images) {
      const tag = /tigera\/operator:([^:/@]+)/.exec(image)?.[1];
      const release = RELEASES.find((r) => r.operatorVersion === tag);
      if (release) return release;
    }
  }
  return undefined;
}

/** The live export compared with the committed render. */
export function driftOf(live: readonly LiveObject[], committed: RenderedObjects, release: CalicoRelease): Comparison {
  return compareWithLive(committed.objects.map((o) => o.object as DataMap), live, release, EXPORTED_KINDS);
}

/** The pool CIDRs of an Installation/default, sorted: how a live Installation is matched with a committed one. */
export function installationPools(objects: readonly DataMap[]): string | undefined {
  const installation = objects.find((o) => o.kind === 'Installation' && identityOf(o).name === 'default');
  if (!installation) return undefined;
  const spec = isDataMap(installation.spec) ? installation.spec : {};
  const network = isDataMap(spec.calicoNetwork) ? spec.calicoNetwork : {};
  const pools = Array.isArray(network.ipPools) ? network.ipPools.filter(isDataMap) : [];
  return pools.map((p) => `${String(p.name)}=${String(p.cidr)}`).sort().join(',');
}

/** One line per difference: `kind/namespace/name path: committed → live`. */
export function driftLines(c: Comparison): string[] {
  return [
    ...c.changed.map((d) => diffLine(d)),
    ...c.missing.map((o) => `${o}: committed → missing in the cluster`),
    ...c.extra.map((o) => `${o}: not committed → in the cluster`),
  ];
}

/** The expected differences, one line each, with who writes them. */
export function expectedLines(c: Comparison): string[] {
  return [
    ...c.written.map((d) => `${diffLine(d)} (${d.writtenBy})`),
    ...c.created.map((o) => `${o}: created by the operator`),
  ];
}

function diffLine(d: FieldDifference): string {
  return `${d.object} ${d.path}: ${showValue(d.rendered)} → ${showValue(d.live)}`;
}
