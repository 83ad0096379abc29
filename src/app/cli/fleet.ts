/**
 * The fleet of a repository (config/repository-settings.ts) in a run: which clusters each hub
 * delivers and in which wave, what a member's cluster file may not say, and the fleet folder
 * (`dist/_fleet/`, lib/render/fleet.ts) built from the members of a whole synth. A `--config` run
 * renders the cluster's own folder as a member would have it, and never the fleet folder.
 */
import { error, Finding, warning } from '../../lib/common/findings';
import { ARGOCD_FLEET_MEMBER_FILE, type FleetMembership } from '../../lib/gitops/fleet';
import { gitOpsSettings } from '../../lib/gitops/gitops-settings';
import { fluxKustomizationName, gitopsName } from '../../lib/gitops/names';
import { Stage, STAGES } from '../../lib/gitops/stages';
import { FLEET_FOLDER, FleetEntry, fleetFiles } from '../../lib/render/fleet';
import type { ClusterSpec } from '../../lib/stack/cluster-spec';
import type { FleetSettings } from '../config/repository-settings';
import { OutputFolder } from '../output/output-directory';

export type { FleetEntry } from '../../lib/render/fleet';

/**
 * The spec a fleet member is built from: an Argo CD member takes the fleet's repository when its
 * file names none (its own Application is not rendered, the ApplicationSet reads the repository).
 */
export function withFleetDefaults(spec: ClusterSpec, fleet: FleetSettings | undefined): ClusterSpec {
  const argocd = spec.gitops?.argocd;
  if (!fleet?.argocd || !argocd?.enabled || argocd.repoURL !== undefined) return spec;
  return { ...spec, gitops: { ...spec.gitops, argocd: { ...argocd, repoURL: fleet.argocd.repoURL } } };
}

/** How the cluster of `spec` takes part in `fleet`, and what its file says that the fleet cannot take. */
export function fleetMembership(spec: ClusterSpec, fleet: FleetSettings | undefined, settingsFile: string): { membership?: FleetMembership; findings: Finding[] } {
  if (!fleet) {
    // A wave means something only in a fleet: said, not silently ignored.
    return { findings: spec.gitops?.wave === undefined ? [] : [warning('gitops.wave', `has no effect: the repository has no fleet (${settingsFile}: fleet)`, {
      got: spec.gitops.wave, fix: `add a fleet to ${settingsFile} (docs/fleets.md), or remove gitops.wave`,
    })] };
  }
  const argocd = fleet.argocd !== undefined && spec.gitops?.argocd?.enabled === true;
  const flux = fleet.flux !== undefined && spec.gitops?.flux?.enabled === true;
  if (!argocd && !flux) return { findings: [] };
  const wave = spec.gitops?.wave ?? fleet.waves[fleet.waves.length - 1];
  const index = fleet.waves.indexOf(wave);
  const findings: Finding[] = [];
  if (index < 0) {
    findings.push(error('gitops.wave', `is not a wave of the fleet (${settingsFile}: fleet.waves)`, {
      got: wave, allowed: fleet.waves.join(', '), fix: `name one of the fleet's waves, or add "${wave}" to fleet.waves in ${settingsFile}`,
    }));
  }
  if (argocd) {
    const own = spec.gitops!.argocd!;
    const fleetArgo = fleet.argocd!;
    // What the ApplicationSet decides for every cluster: a member's file may repeat it, not change it.
    const shared = [['repoURL', own.repoURL, fleetArgo.repoURL], ['targetRevision', own.targetRevision, fleetArgo.targetRevision],
      ['project', own.project, fleetArgo.project], ['namespace', own.namespace, fleetArgo.namespace]] as const;
    for (const [key, mine, theirs] of shared) {
      if (mine !== undefined && mine !== theirs) {
        findings.push(error(`gitops.argocd.${key}`, `differs from the Argo CD fleet's (${settingsFile}: fleet.argocd.${key}), which its ApplicationSet uses for every cluster`, {
          got: mine, allowed: theirs, fix: `remove gitops.argocd.${key}, or change fleet.argocd.${key} in ${settingsFile}`,
        }));
      }
    }
    if (own.server !== undefined) {
      findings.push(error('gitops.argocd.server', 'is not used by the Argo CD fleet: its Applications go to the cluster registered in Argo CD under the cluster\'s name', {
        got: own.server, fix: `remove gitops.argocd.server, and register the cluster as ${spec.name} (argocd cluster add <context> --name ${spec.name})`,
      }));
    }
    const folder = gitOpsSettings(spec.gitops, spec.name).argocd.path;
    if (folder !== `${fleet.root}/${spec.name}`) {
      findings.push(error('gitops.argocd.path', `is not where the fleet's generator looks for the cluster's folder (${fleet.root}/<cluster>/${ARGOCD_FLEET_MEMBER_FILE})`, {
        got: folder, allowed: `${fleet.root}/${spec.name}`, fix: `remove gitops.argocd.path, or set fleet.root in ${settingsFile} to the folder that holds the output folders`,
      }));
    }
  }
  if (flux) {
    const own = gitOpsSettings(spec.gitops, spec.name).flux;
    if (own.namespace !== fleet.flux!.namespace) {
      findings.push(error('gitops.flux.namespace', `differs from the Flux fleet's namespace (${settingsFile}: fleet.flux.namespace): a wave gate depends on the cluster's Kustomizations in its own namespace`, {
        got: own.namespace, allowed: fleet.flux!.namespace, fix: `remove gitops.flux.namespace, or set fleet.flux.namespace in ${settingsFile}`,
      }));
    }
    const a = own.sourceRef;
    const b = fleet.flux!.sourceRef;
    if (a.kind !== b.kind || a.name !== b.name || a.namespace !== b.namespace) {
      findings.push(error('gitops.flux.sourceRef', `differs from the Flux fleet's source (${settingsFile}: fleet.flux.sourceRef): a wave gate holds the next wave back only until the clusters applied the revision of the same source`, {
        got: JSON.stringify(a), allowed: JSON.stringify(b), fix: `remove gitops.flux.sourceRef, or set fleet.flux.sourceRef in ${settingsFile}`,
      }));
    }
  }
  if (findings.length > 0) return { findings };
  return {
    membership: {
      wave,
      ...(argocd ? { argocd: { destination: spec.name } } : {}),
      ...(flux ? { flux: index > 0 ? { after: fleet.waves[index - 1] } : {} } : {}),
    },
    findings,
  };
}

/** The fleet entry of a member; `lastStage` is the cluster's last stage. */
export function fleetEntry(spec: ClusterSpec, membership: FleetMembership, lastStage: Stage): FleetEntry {
  return {
    cluster: spec.name,
    wave: membership.wave,
    ...(membership.flux ? {
      flux: { folder: gitOpsSettings(spec.gitops, spec.name).flux.path, lastKustomization: fluxKustomizationName(gitopsName(spec.name), lastStage) },
    } : {}),
  };
}

/** The last of `stages` in apply order. */
export function lastStage(stages: readonly Stage[]): Stage {
  const order = [...STAGES.keys()];
  return [...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b))[stages.length - 1];
}

/** The fleet folder of `fleet` with its members `entries`. */
export function fleetFolder(fleet: FleetSettings, entries: readonly FleetEntry[]): OutputFolder & { readonly files: ReadonlyMap<string, string> } {
  return {
    name: FLEET_FOLDER,
    files: fleetFiles({
      root: fleet.root,
      waves: fleet.waves,
      ...(fleet.argocd ? {
        argocd: {
          name: fleet.argocd.name,
          namespace: fleet.argocd.namespace,
          project: fleet.argocd.project,
          repoURL: fleet.argocd.repoURL,
          targetRevision: fleet.argocd.targetRevision,
          root: fleet.root,
          waves: fleet.waves,
        },
      } : {}),
      ...(fleet.flux ? {
        flux: {
          namespace: fleet.flux.namespace,
          sourceRef: fleet.flux.sourceRef,
          members: entries.filter((e) => e.flux).map((e) => ({ cluster: e.cluster, wave: e.wave, folder: e.flux!.folder, lastKustomization: e.flux!.lastKustomization })),
        },
      } : {}),
    }),
  };
}
