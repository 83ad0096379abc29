/**
 * Release catalog: what upstream ships for each supported Calico release. Every fact is data that
 * `npm run add-release` generated from the release's `manifests/tigera-operator.yaml`,
 * `custom-resources.yaml` and `operator-crds.yaml` (src/lib/calico/release-data/); a new release is
 * that script run on its files, plus tests, and no code here.
 */
import { AllowedUse, LinuxDataplane } from './enums';
import { CrdInfo, FieldTree, OperatorData, OperatorWrites, ReleaseData, ReleaseDocs, ReleaseSource } from './release-data';
import { DEFAULT_VERSION, RELEASE_DATA } from './release-data/index';
import { PolicyRule } from '../common/policy-rule';

/** Facts about one Calico release. */
export interface CalicoRelease {
  /** Calico release tag, e.g. `v3.31.7`. */
  readonly version: string;
  /** Tigera operator tag this release ships. */
  readonly operatorVersion: string;
  /** Registry of the operator image (the image is `<registry>tigera/operator:<operatorVersion>`). */
  readonly operatorRegistry: string;
  /** Arguments of the operator container. */
  readonly operatorArgs: readonly string[];
  /**
   * Whether the operator creates its own CRDs when it starts (`-manage-crds=true` in the manifest).
   * When false, the CRDs must be applied before the custom resources, from a file.
   */
  readonly operatorCreatesCrds: boolean;
  /** Whether the `k8s-app: tigera-operator` label is on every operator object, or only on the Deployment. */
  readonly labelsAllOperatorObjects: boolean;
  /** Rules of ClusterRole `tigera-operator`. */
  readonly operatorRules: readonly PolicyRule[];
  /** Rules of ClusterRole `tigera-operator-secrets` (bound in the operator namespace), when the release has it. */
  readonly operatorSecretsRules?: readonly PolicyRule[];
  /** Whether the Goldmane and Whisker custom resources exist (Calico v3.30 and later). */
  readonly hasGoldmaneWhisker: boolean;
  /**
   * Whether the Installation has `calicoNetwork.bpfNetworkBootstrap` (Calico v3.31 and later): for BPF the
   * operator finds the API server itself; before, it needs ConfigMap `kubernetes-services-endpoint`.
   */
  readonly hasBpfNetworkBootstrap: boolean;
  /** Whether the Installation has `calicoNetwork.kubeProxyManagement` (Calico v3.31 and later): the operator can disable kube-proxy for BPF. */
  readonly hasKubeProxyManagement: boolean;
  /** `calicoNetwork.linuxDataplane` values the release accepts. */
  readonly linuxDataplanes: readonly LinuxDataplane[];
  /** `ipPools[].allowedUses` values the release accepts. */
  readonly allowedUses: readonly AllowedUse[];
  /** Registry Calico component images default to (documentation and plan output). */
  readonly imageRegistry: string;
  /** Image path of the operator image (`<registry><operatorImagePath>/operator:<tag>`). */
  readonly operatorImagePath: string;
  /** The operator objects as upstream writes them: labels, rules, the Deployment. */
  readonly operator: OperatorData;
  /** The CRDs the release's operator needs (its `operator-crds.yaml`), in upstream's order. */
  readonly crds: readonly CrdInfo[];
  /** API groups of those CRDs, in order of first appearance. */
  readonly crdGroups: readonly string[];
  /** Kinds upstream's `custom-resources.yaml` renders. */
  readonly customResources: readonly string[];
  /** Spec fields of the custom resources calico-stack renders, by kind (absent: the release has no such kind). */
  readonly fields: { readonly [kind: string]: FieldTree };
  /**
   * What the release's operator writes into the objects calico-stack renders: the defaults
   * calico-stack renders itself and the fields it leaves to the operator (operator-written-fields.ts).
   */
  readonly operatorWrites: OperatorWrites;
  /** The stripped CRD bundle shipped in `crds/` (path relative to the project, SHA-256), for releases whose operator cannot create its CRDs. */
  readonly crdBundle?: { readonly file: string; readonly sha256: string };
  /** The upstream files the data was generated from (URL at the tag, SHA-256). */
  readonly sources: readonly ReleaseSource[];
  /** What the release's documentation says: tested Kubernetes versions, the oldest release it upgrades from (absent: not read yet). */
  readonly docs?: ReleaseDocs;
}

/** Calico releases calico-stack renders, newest first (generated data: src/lib/calico/release-data/). */
export const RELEASES: readonly CalicoRelease[] = RELEASE_DATA.map(releaseFromData);

/** The release a cluster file gets when it names none (the newest, unless add-release was told to keep another). */
export const DEFAULT_CALICO_VERSION: string = DEFAULT_VERSION;

/** Release versions, for messages and the config schema. */
export const CALICO_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);

/** The release of a tag, or undefined when calico-stack does not know it. */
export function findCalicoRelease(version: string): CalicoRelease | undefined {
  return RELEASES.find((r) => r.version === version);
}

/** Looks a release up by tag; throws, listing the known tags, when there is none. */
export function calicoRelease(version: string): CalicoRelease {
  const release = RELEASES.find((r) => r.version === version);
  if (!release) {
    throw new Error(`unknown Calico release "${version}" (known: ${CALICO_VERSIONS.join(', ')})`);
  }
  return release;
}

/** API groups of the CRDs that an operator with `-manage-crds` creates, over every release whose operator does. */
export const OPERATOR_CRD_GROUPS: readonly string[] = [...new Set(RELEASES.filter((r) => r.operatorCreatesCrds).flatMap((r) => r.crdGroups))];

/** The release as the catalog's users see it; throws when the data holds a value the code has no name for. */
export function releaseFromData(data: ReleaseData): CalicoRelease {
  const known = <T extends string>(values: readonly string[], allowed: readonly T[], what: string): T[] => values.map((v) => {
    if (!allowed.includes(v as T)) throw new Error(`release data of Calico ${data.version}: ${what} "${v}" is not one of ${allowed.join(', ')} (regenerate imports/ from the newest release)`);
    return v as T;
  });
  const op = data.operator;
  return {
    version: data.version,
    operatorVersion: op.version,
    operatorRegistry: op.image.registry,
    operatorImagePath: op.image.imagePath,
    operatorArgs: op.args,
    operatorCreatesCrds: op.createsCrds,
    labelsAllOperatorObjects: Object.keys(op.labels).length > 0,
    operatorRules: op.rules,
    ...(op.secretsRules ? { operatorSecretsRules: op.secretsRules } : {}),
    hasGoldmaneWhisker: ['Goldmane', 'Whisker'].every((kind) => data.crds.some((c) => c.kind === kind && c.group === 'operator.tigera.io')),
    hasBpfNetworkBootstrap: calicoNetworkField(data, 'bpfNetworkBootstrap'),
    hasKubeProxyManagement: calicoNetworkField(data, 'kubeProxyManagement'),
    linuxDataplanes: known(data.linuxDataplanes, Object.values(LinuxDataplane), 'linuxDataplane'),
    allowedUses: known(data.allowedUses, Object.values(AllowedUse), 'allowedUse'),
    imageRegistry: data.calicoImageRegistry,
    operator: op,
    crds: data.crds,
    crdGroups: [...new Set(data.crds.map((c) => c.group))],
    customResources: data.customResources,
    fields: data.fields,
    operatorWrites: data.operatorWrites,
    ...(data.crdBundle ? { crdBundle: data.crdBundle } : {}),
    ...(data.docs ? { docs: data.docs } : {}),
    sources: data.sources,
  };
}

/** Whether the release's Installation has `spec.calicoNetwork.<field>` (from its CRD's field tree). */
function calicoNetworkField(data: ReleaseData, field: string): boolean {
  const fields = data.fields.Installation?.fields?.calicoNetwork?.fields;
  return fields !== undefined && Object.hasOwn(fields, field);
}

/** Where upstream publishes the CRD bundle of a release. */
export function operatorCrdsUrl(version: string, baseUrl = 'https://raw.githubusercontent.com/projectcalico/calico'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${version}/manifests/operator-crds.yaml`;
}
