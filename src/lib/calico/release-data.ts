/**
 * The format of the generated release data (src/lib/calico/release-data/<version>.json): facts that
 * `npm run add-release` reads from a release's upstream manifests, and the operator's writes, which it
 * takes from the table scripts/operator-writes.ts keeps by operator tag. Nothing here is written by hand;
 * src/lib/calico/releases.ts turns the data into the CalicoRelease catalog.
 */
import { PolicyRule } from '../common/policy-rule';

/** One upstream file the data was read from. */
export interface ReleaseSource {
  /** File name in upstream's `manifests/` folder, e.g. `tigera-operator.yaml`. */
  readonly file: string;
  /** Where upstream publishes it at the release's tag. */
  readonly url: string;
  /** SHA-256 (hex) of the file the data was generated from. */
  readonly sha256: string;
}

/** The operator objects of `manifests/tigera-operator.yaml` (CRDs aside), as upstream writes them. */
export interface OperatorData {
  /** Tigera operator tag, e.g. `v1.42.3`. */
  readonly version: string;
  /** The operator image `<registry><imagePath>/<name>:<version>`, split. */
  readonly image: { readonly registry: string; readonly imagePath: string; readonly name: string };
  /** Arguments of the operator container (empty: none). */
  readonly args: readonly string[];
  /** Whether the operator creates its CRDs when it starts (`-manage-crds=true`). */
  readonly createsCrds: boolean;
  /** Labels of Namespace `tigera-operator`. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Labels of the ServiceAccount, the ClusterRoles and their bindings (the same on each). */
  readonly labels: Readonly<Record<string, string>>;
  /** Rules of ClusterRole `tigera-operator`, in upstream's order and spelling. */
  readonly rules: readonly PolicyRule[];
  /** Rules of ClusterRole `tigera-operator-secrets` (bound in the operator namespace), when the release has it. */
  readonly secretsRules?: readonly PolicyRule[];
  /** Deployment `tigera-operator`: its labels and its spec exactly as upstream writes it (image included). */
  readonly deployment: { readonly labels: Readonly<Record<string, string>>; readonly spec: { readonly [key: string]: unknown } };
}

/** A CRD of the release's operator bundle: its identity and versions, not its schema. */
export interface CrdInfo {
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: string;
  readonly versions: ReadonlyArray<{ readonly name: string; readonly served: boolean; readonly storage: boolean }>;
}

/**
 * The fields of a custom resource's `spec` (from the served storage version's schema), without
 * types or descriptions: `fields` of an object, `items` of a list, `values` of a map, the `enum` of
 * a value, and `open` where the schema accepts any field (x-kubernetes-preserve-unknown-fields).
 * A leaf is `{}`.
 */
export interface FieldTree {
  readonly fields?: { readonly [name: string]: FieldTree };
  readonly items?: FieldTree;
  readonly values?: FieldTree;
  readonly enum?: ReadonlyArray<string | number | boolean | null>;
  readonly open?: boolean;
}

/** A map of conditions: JSON pointers (RFC 6901) into the object → the value each must have (`''`: unset). */
export type WriteConditions = { readonly [pointer: string]: string | undefined };

/**
 * One field the release's operator writes into an object calico-stack renders (default, rewrite or
 * run-time value). Kept by hand in scripts/operator-writes.ts, read from the operator's source.
 */
export interface OperatorWrite {
  /** Stable name (the ids of docs/upstream/operator-written-fields.json where it has the row). */
  readonly id: string;
  /** API group and kind of the object as calico-stack renders it. */
  readonly group: string;
  readonly kind: string;
  /** The field: a JSON pointer below the object, `*` standing for every item of a list (each IP pool). */
  readonly pointer: string;
  /** Where the operator writes it, `path:start-end` at the tag the table was read at. */
  readonly at: string;
  /** For list items: the address family of the item's `cidr` the row is for. */
  readonly family?: number;
  /** The operator writes the field only when these hold (on the object as defaulted so far). */
  readonly when?: WriteConditions;
  /** The value it writes into an empty field (unset, `''` or `[]`). */
  readonly value?: unknown;
  /** Or the value of the first case whose conditions hold (a case without conditions always does). */
  readonly cases?: ReadonlyArray<{ readonly when?: WriteConditions; readonly value: unknown }>;
  /** It rewrites a set value: appends `/` unless the value is `UseDefault` or already ends in `/`. */
  readonly appendSlash?: boolean;
  /** The operator writes it from what it finds at run time: calico-stack leaves it to the operator, for this reason. */
  readonly handled?: string;
  /** A handled field the operator sets whatever the object says (not only where it is empty). */
  readonly overwrites?: boolean;
}

/** What the release's operator writes into the objects calico-stack renders, and where that was read. */
export interface OperatorWrites {
  /** The operator tag whose source the table was read at (the release's own operator, or an older one). */
  readonly readAt: string;
  /** The Kubernetes providers the operator detects by itself (`AutoDiscoverProvider`), and where. */
  readonly detectedProviders: { readonly providers: readonly string[]; readonly at: string };
  /** In the order the operator writes them. */
  readonly fields: readonly OperatorWrite[];
}

/** Kinds whose spec fields the data records: the custom resources calico-stack renders. */
export const FIELD_KINDS = ['Installation', 'APIServer', 'Goldmane', 'Whisker', 'FelixConfiguration', 'BGPConfiguration', 'BGPPeer'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Everything calico-stack knows about one Calico release, generated from its manifests. */
export interface ReleaseData {
  /** Calico release tag, e.g. `v3.32.1`. */
  readonly version: string;
  /** The upstream files the data was read from. */
  readonly sources: readonly ReleaseSource[];
  readonly operator: OperatorData;
  /** Registry Calico's component images default to (operator `pkg/components/images.go`; not in the manifests, given to add-release). */
  readonly calicoImageRegistry: string;
  /** The CRDs of `manifests/operator-crds.yaml`, in upstream's order: what the operator needs. */
  readonly crds: readonly CrdInfo[];
  /** Kinds `manifests/custom-resources.yaml` renders, in order. */
  readonly customResources: readonly string[];
  /** `Installation.spec.calicoNetwork.linuxDataplane` values. */
  readonly linuxDataplanes: readonly string[];
  /** `ipPools[].allowedUses` values (see add-release for where they are read). */
  readonly allowedUses: readonly string[];
  /** Spec fields of the kinds calico-stack renders that the release has (absent: no such CRD). */
  readonly fields: { readonly [kind: string]: FieldTree };
  /** What the release's operator writes into the objects calico-stack renders (scripts/operator-writes.ts). */
  readonly operatorWrites: OperatorWrites;
  /**
   * The release's CRD bundle shipped in `crds/`, for releases whose operator cannot create its CRDs:
   * the file (relative to the project folder) and its SHA-256.
   */
  readonly crdBundle?: { readonly file: string; readonly sha256: string };
  /** Facts from the release's documentation rather than its manifests (absent: not read yet). */
  readonly docs?: ReleaseDocs;
}

/** What upstream's documentation of a release says about where it runs and what it upgrades from. */
export interface ReleaseDocs {
  /** Kubernetes minor versions the release was tested on, both inclusive (`1.31`, `1.35`), and the page that says so. */
  readonly kubernetes: { readonly min: string; readonly max: string; readonly source: string };
  /** The oldest Calico minor release (`v3.15`) the release's upgrade page supports upgrading from, and the page. */
  readonly upgradesFrom: { readonly version: string; readonly source: string };
}
