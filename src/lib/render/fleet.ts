/**
 * The files of the fleet folder (`dist/_fleet/`), by path relative to it (gitops/fleet.ts says what
 * the objects do). Pure: the command line writes them, owned and recorded like a cluster's folder.
 *
 *   argocd/applicationset.yaml   the ApplicationSet of every cluster in the Argo CD fleet
 *   flux/kustomization.yaml      what the hub's Flux applies: the wave gates and every member's flux/sync.yaml
 *   flux/gates.yaml              one gate Kustomization per wave
 *   flux/gate/kustomization.yaml an empty kustomization: what a gate applies
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { FLEET_FOLDER, FLUX_SYNC_FILE, GENERATED_MARK, KUSTOMIZATION_FILE } from './layout';
import { toYamlDocuments } from './yaml';
import { Memos } from '../common/memo';
import { ArgoCdApplicationSet, ArgoCdApplicationSetProps, FluxWave, FluxWaveGates } from '../gitops/fleet';
import type { FluxSourceRef } from '../gitops/flux';
import { kustomization, kustomizationYaml } from '../gitops/kustomization';

export { FLEET_FOLDER } from './layout';
export const FLEET_APPLICATIONSET_FILE = 'argocd/applicationset.yaml';
export const FLEET_FLUX_KUSTOMIZATION_FILE = `flux/${KUSTOMIZATION_FILE}`;
export const FLEET_FLUX_GATES_FILE = 'flux/gates.yaml';
export const FLEET_FLUX_GATE_DIR = 'flux/gate';

/** A cluster of the Flux fleet. */
export interface FluxFleetMember {
  readonly cluster: string;
  readonly wave: string;
  /** Its output folder inside the repository (its flux/sync.yaml is there). */
  readonly folder: string;
  /** The name of its last Kustomization (the gate of its wave waits for it). */
  readonly lastKustomization: string;
}

/** What the fleet folder needs to know of one cluster (the command line keeps it in its render cache). */
export interface FleetEntry {
  readonly cluster: string;
  readonly wave: string;
  /** With the Flux fleet: its output folder in the repository and its last Kustomization. */
  readonly flux?: { readonly folder: string; readonly lastKustomization: string };
}

/** What the fleet folder holds. */
export interface FleetFilesProps {
  /** The output root inside the repository (`dist`). */
  readonly root: string;
  /** The waves, in rollout order. */
  readonly waves: readonly string[];
  readonly argocd?: ArgoCdApplicationSetProps;
  readonly flux?: {
    readonly namespace: string;
    readonly sourceRef: FluxSourceRef;
    readonly members: readonly FluxFleetMember[];
  };
}

const GENERATED = `${GENERATED_MARK} (npm run synth); do not edit.`;

/** The files of the fleet folder, by `/`-separated relative path. */
export function fleetFiles(props: FleetFilesProps): Map<string, string> {
  const memos = new Memos();
  const files = new Map<string, string>();
  if (props.argocd) {
    const chart = new Chart(new App(), 'fleet-argocd');
    new ArgoCdApplicationSet(chart, 'ApplicationSet', props.argocd);
    files.set(FLEET_APPLICATIONSET_FILE, toYamlDocuments(chart.toJson(), memos));
  }
  if (props.flux) {
    const fleetDir = `${props.root}/${FLEET_FOLDER}`;
    const members = [...props.flux.members].sort((a, b) => a.cluster.localeCompare(b.cluster));
    const waves: FluxWave[] = props.waves.map((wave) => ({
      wave, lastKustomizations: members.filter((m) => m.wave === wave).map((m) => m.lastKustomization),
    }));
    const chart = new Chart(new App(), 'fleet-flux');
    new FluxWaveGates(chart, 'Gates', {
      namespace: props.flux.namespace, sourceRef: props.flux.sourceRef, path: `${fleetDir}/${FLEET_FLUX_GATE_DIR}`, waves,
    });
    const flux = path.posix.join(fleetDir, 'flux');
    files.set(FLEET_FLUX_KUSTOMIZATION_FILE, kustomizationYaml(
      kustomization([path.posix.basename(FLEET_FLUX_GATES_FILE), ...members.map((m) => path.posix.relative(flux, path.posix.join(m.folder, FLUX_SYNC_FILE)))]),
      `The Flux fleet: the wave gates and every cluster's Kustomizations, applied by the hub. ${GENERATED}`,
    ));
    files.set(FLEET_FLUX_GATES_FILE, toYamlDocuments(chart.toJson(), memos));
    files.set(`${FLEET_FLUX_GATE_DIR}/${KUSTOMIZATION_FILE}`, kustomizationYaml(
      kustomization([], { allowEmpty: true }),
      `What a wave gate applies: nothing; it is ready once every cluster of its wave is. ${GENERATED}`,
    ));
  }
  return files;
}
