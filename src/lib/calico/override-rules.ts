/**
 * The operator's Kubernetes checks of the component overrides a cluster file hands over under
 * `calico.installation` (`calicoNodeDaemonSet`, `calicoNodeWindowsDaemonSet`,
 * `calicoKubeControllersDeployment`, `typhaDeployment`, `csiNodeDriverDaemonSet`). The API server
 * checks them against the Installation CRD only (installation-fields.ts does the same at synth);
 * the operator then runs its copy of Kubernetes' validation on each (tigera/operator
 * pkg/controller/installation/validation.go, at v1.42.3 :341-379, v1.40.15 :346-384, v1.38.13 :335-372,
 * v1.34.5 and v1.36.16 :345-382, calling ValidateReplicatedPodResourceOverrides of pkg/common/validation/overrides.go,
 * which calls pkg/common/k8svalidation/) and refuses the whole Installation, in a degraded
 * TigeraStatus, when one fails. These rules are the same, at the same lines, in operators v1.34.5,
 * v1.36.16, v1.38.13, v1.40.15 and v1.42.3 (Calico v3.28.2, v3.29.7, v3.30.7, v3.31.7, v3.32.1). The APIServer
 * controller runs the same checks on the APIServer's overrides (`calico.apiServer` as an object;
 * APISERVER_OVERRIDE_COMPONENTS), with a check of its own on container port names (PORT_NAMES_RULE).
 *
 * Each rule has the id of its row in src/lib/calico/release-data/operator-rules.json, where it is at the
 * operator's tags, what it reads and when it refuses. The operator stops at the first problem of an
 * Installation; these checks report all of them, each at its path below `calico.installation`, with
 * the value, Kubernetes' words for it and the part of the Installation the operator names.
 *
 * Not here: `minReadySeconds` below 0 (override.minReadySeconds) and container names other than
 * the component's (the operator merges by name) are refused by the CRD's schema (minimum 0, enums),
 * which installation-fields.ts checks; init containers of kube-controllers and the CSI driver
 * (override.noContainersExpected) are fields the CRD does not have. Nor what the operator's copy of
 * Kubernetes' validation leaves out and the API server checks when the operator creates the
 * components (a topology spread constraint's labelSelector and matchLabelKeys, the calico-node
 * DaemonSet's update strategy from `nodeUpdateStrategy`): those depend on the cluster's Kubernetes
 * version, not on the operator.
 */
import type { PathOf } from '../common/checks';
import { error, Finding } from '../common/findings';
import {
  annotationsProblems, CONTAINER_RESOURCES_ALLOWED, isExtendedResourceName, isIntegerResourceName, isNativeResource, isOvercommitAllowed, isPercent,
  isStandardContainerResourceName, isStandardResourceName, K8sProblem, labelNameProblems, labelSelectorProblems, labelsProblems, listOf, namespaceNameProblems,
  nodeNameProblems, ownField, PERCENT_ERROR,
} from '../common/k8s-validation';
import { LABEL_KEY_ALLOWED, labelKeyErrors, LABEL_VALUE_ALLOWED, labelValueErrors } from '../common/k8s-names';
import { milliValue, quantityNanos } from '../common/quantity';
import { isDataMap } from '../common/yaml-data';

/**
 * The rules, by their id in src/lib/calico/release-data/operator-rules.json, and where the operator
 * checks each: the same file and lines at tigera/operator v1.34.5, v1.36.16, v1.38.13, v1.40.15 and v1.42.3
 * (test/calico/override-rules.test.ts holds them to the inventory). The `override.*` rows are the
 * parts of an override the operator checks (pkg/common/validation/overrides.go), each failing when
 * one of the `k8s.*` rules it applies fails (pkg/common/k8svalidation/).
 */
export const OVERRIDE_RULES = {
  'override.metadata': 'pkg/common/validation/overrides.go:40-41',
  'override.podTemplateMetadata': 'pkg/common/validation/overrides.go:50-51',
  'override.initContainers': 'pkg/common/validation/overrides.go:56-57',
  'override.containers': 'pkg/common/validation/overrides.go:63-64',
  'override.affinity': 'pkg/common/validation/overrides.go:69-70',
  'override.nodeSelector': 'pkg/common/validation/overrides.go:74-75',
  'override.topologySpreadConstraints': 'pkg/common/validation/overrides.go:79-80',
  'override.tolerations': 'pkg/common/validation/overrides.go:85-86',
  'override.terminationGracePeriodSeconds': 'pkg/common/validation/overrides.go:91-92',
  'override.strategy': 'pkg/common/validation/overrides.go:96-97',
  'k8s.metadata.labels': 'pkg/common/k8svalidation/validation.go:51',
  'k8s.metadata.annotations': 'pkg/common/k8svalidation/validation.go:56',
  'k8s.nodeSelector.labels': 'pkg/common/k8svalidation/validation.go:61',
  'k8s.affinity.podAffinityTerm.labelSelector': 'pkg/common/k8svalidation/validation.go:114',
  'k8s.affinity.podAffinityTerm.namespaceSelector': 'pkg/common/k8svalidation/validation.go:115',
  'k8s.affinity.podAffinityTerm.namespaces': 'pkg/common/k8svalidation/validation.go:117-119',
  'k8s.affinity.podAffinityTerm.topologyKey.required': 'pkg/common/k8svalidation/validation.go:122-123',
  'k8s.affinity.podAffinityTerm.topologyKey.name': 'pkg/common/k8svalidation/validation.go:125',
  'k8s.affinity.weightedPodAffinityTerm.weight': 'pkg/common/k8svalidation/validation.go:265-266',
  'k8s.affinity.nodeSelectorTerms.required': 'pkg/common/k8svalidation/validation.go:149-150',
  'k8s.affinity.matchFields.values': 'pkg/common/k8svalidation/validation.go:181-183',
  'k8s.affinity.matchFields.operator': 'pkg/common/k8svalidation/validation.go:185-186',
  'k8s.affinity.matchFields.key': 'pkg/common/k8svalidation/validation.go:189-190',
  'k8s.affinity.matchFields.nodeName': 'pkg/common/k8svalidation/validation.go:193-194',
  'k8s.affinity.matchExpressions.inValues': 'pkg/common/k8svalidation/validation.go:207-208',
  'k8s.affinity.matchExpressions.existsNoValues': 'pkg/common/k8svalidation/validation.go:211-212',
  'k8s.affinity.matchExpressions.gtLtOneValue': 'pkg/common/k8svalidation/validation.go:216-217',
  'k8s.affinity.matchExpressions.operator': 'pkg/common/k8svalidation/validation.go:219-220',
  'k8s.affinity.matchExpressions.key': 'pkg/common/k8svalidation/validation.go:223',
  'k8s.affinity.preferredSchedulingTerm.weight': 'pkg/common/k8svalidation/validation.go:233-234',
  'k8s.tolerations.key': 'pkg/common/k8svalidation/validation.go:279-280',
  'k8s.tolerations.emptyKeyNeedsExists': 'pkg/common/k8svalidation/validation.go:284-286',
  'k8s.tolerations.secondsNeedNoExecute': 'pkg/common/k8svalidation/validation.go:289-291',
  'k8s.tolerations.equalValue': 'pkg/common/k8svalidation/validation.go:298-299',
  'k8s.tolerations.existsNoValue': 'pkg/common/k8svalidation/validation.go:302-303',
  'k8s.tolerations.operator': 'pkg/common/k8svalidation/validation.go:305-307',
  'k8s.tolerations.effect': 'pkg/common/k8svalidation/validation.go:415-427',
  'k8s.strategy.notBothZero': 'pkg/common/k8svalidation/validation.go:356-358',
  'k8s.strategy.maxUnavailableAtMost100': 'pkg/common/k8svalidation/validation.go:387-390',
  'k8s.strategy.percentFormat': 'pkg/common/k8svalidation/validation.go:398-399',
  'k8s.strategy.nonNegative': 'pkg/common/k8svalidation/validation.go:401-402',
  'k8s.topologySpread.maxSkew': 'pkg/common/k8svalidation/validation.go:468-469',
  'k8s.topologySpread.topologyKey': 'pkg/common/k8svalidation/validation.go:476-477',
  'k8s.topologySpread.whenUnsatisfiable': 'pkg/common/k8svalidation/validation.go:485-486',
  'k8s.topologySpread.unique': 'pkg/common/k8svalidation/validation.go:495-497',
  'k8s.topologySpread.minDomains.positive': 'pkg/common/k8svalidation/validation.go:509-510',
  'k8s.topologySpread.minDomains.doNotSchedule': 'pkg/common/k8svalidation/validation.go:513-514',
  'k8s.resources.name.qualified': 'pkg/common/k8svalidation/validation.go:435-436',
  'k8s.resources.name.standard': 'pkg/common/k8svalidation/v1validation.go:125-126',
  'k8s.resources.name.container': 'pkg/common/k8svalidation/v1validation.go:84-85',
  'k8s.resources.name.extended': 'pkg/common/k8svalidation/v1validation.go:88-89',
  'k8s.resources.quantity.nonNegative': 'pkg/common/k8svalidation/v1validation.go:110-111',
  'k8s.resources.quantity.integer': 'pkg/common/k8svalidation/v1validation.go:100-101',
  'k8s.resources.request.equalsLimit': 'pkg/common/k8svalidation/v1validation.go:69-70',
  'k8s.resources.request.atMostLimit': 'pkg/common/k8svalidation/v1validation.go:71-72',
} as const;

export type OverrideRuleId = keyof typeof OVERRIDE_RULES;

/** Every rule these checks enforce: rows of src/lib/calico/release-data/operator-rules.json. */
export const OVERRIDE_RULE_IDS = Object.keys(OVERRIDE_RULES) as readonly OverrideRuleId[];

/**
 * Not a row of the inventory, which lists the operator's validation: a quantity the CRD's pattern
 * takes but Kubernetes cannot read (a fractional exponent, `1e1.5`). The operator's client fails to
 * decode the whole Installation (apimachinery v0.36.1 pkg/api/resource/quantity.go:744-747, the
 * scanner :253-274), so the operator never reconciles it.
 */
export const QUANTITY_DECODE_RULE = 'decode.resources.quantity';

/**
 * The row of the API server's port names (tigera/operator v1.38.13, v1.40.15 and v1.42.3
 * pkg/common/validation/apiserver/validation.go:47-51): each of the three port names belongs to one
 * container (pkg/render/apiserver.go, v1.42.3 :57, :68, :74-75, :84-86).
 */
export const PORT_NAMES_RULE = 'apiserver.apiServerDeployment.portNames';

/** Port name → the API server Deployment's container that owns it. */
export const APISERVER_PORT_OWNERS: Readonly<Record<string, string>> = {
  apiserver: 'calico-apiserver',
  queryserver: 'tigera-queryserver',
  l7admctrl: 'calico-l7-admission-controller',
};

/** One problem of an override: the finding, and the rules it breaks (the override's part, then Kubernetes'). */
export interface OverrideProblem {
  readonly rules: readonly (OverrideRuleId | typeof QUANTITY_DECODE_RULE | typeof PORT_NAMES_RULE)[];
  readonly finding: Finding;
}

/** An override the operator checks: its name in the operator's messages, and the parts its CRD has. */
export interface OverrideComponent {
  /** The operator's name for the field (`TyphaDeployment`), as its messages say it. */
  readonly name: string;
  /** Whether the override has init containers. */
  readonly initContainers: boolean;
  /** Whether it has a Deployment's `strategy` and the pod's `terminationGracePeriodSeconds`. */
  readonly deployment: boolean;
  /** Whether it has `topologySpreadConstraints`. @default - as `deployment` */
  readonly topologySpreadConstraints?: boolean;
}

/**
 * The Installation's overrides the operator checks, by field: its name for them, whether their CRD
 * has init containers, and whether it has a Deployment's strategy, topologySpreadConstraints and
 * terminationGracePeriodSeconds (test/calico/override-rules.test.ts holds them to the CRD).
 */
export const OVERRIDE_COMPONENTS: Readonly<Record<string, OverrideComponent>> = {
  calicoNodeDaemonSet: { name: 'CalicoNodeDaemonSet', initContainers: true, deployment: false },
  calicoNodeWindowsDaemonSet: { name: 'CalicoNodeWindowsDaemonSet', initContainers: true, deployment: false },
  calicoKubeControllersDeployment: { name: 'CalicoKubeControllersDeployment', initContainers: false, deployment: false },
  // Of the overrides only Typha's has strategy, topologySpreadConstraints and terminationGracePeriodSeconds.
  typhaDeployment: { name: 'TyphaDeployment', initContainers: true, deployment: true },
  csiNodeDriverDaemonSet: { name: 'CSINodeDriverDaemonSet', initContainers: false, deployment: false },
};

/** The Installation's override fields the operator checks. */
export const VALIDATED_OVERRIDES = Object.keys(OVERRIDE_COMPONENTS);

/**
 * The APIServer's overrides the operator checks, with the same validation as the Installation's
 * (`validateAPIServerResource`: tigera/operator v1.34.5 pkg/controller/apiserver/apiserver_controller.go:524-527,
 * v1.38.13 :514-517, v1.40.15 :530-533, v1.42.3 :611-614 and, for the webhooks Deployment that only
 * v1.42.3 has, :619-622). The Goldmane and Whisker controllers validate nothing of their resources'
 * specs at any supported tag: their Reconcile builds no error from the spec (pkg/controller/goldmane/
 * controller.go:149-255 at v1.38.13, :149-259 at v1.40.15, :149-261 at v1.42.3;
 * pkg/controller/whisker/controller.go:152-278, :152-283, :152-285); their overrides are checked
 * against their CRDs only.
 */
export const APISERVER_OVERRIDE_COMPONENTS: Readonly<Record<string, OverrideComponent>> = {
  apiServerDeployment: { name: 'APIServerDeployment', initContainers: true, deployment: false, topologySpreadConstraints: true },
  calicoWebhooksDeployment: { name: 'CalicoWebhooksDeployment', initContainers: false, deployment: false },
};

/** Where the overrides are: the resource the operator refuses, its overrides, and the prop that holds them. */
export interface OverrideSite {
  /** The kind the operator refuses (`Installation`, `APIServer`). */
  readonly kind: string;
  readonly components: Readonly<Record<string, OverrideComponent>>;
  /** The prop the override fields are below (`installation`, `apiServer`). */
  readonly prop: string;
  /**
   * Whether the operator checks that an API server container's ports carry only its own port names
   * (apiserver.apiServerDeployment.portNames: from operator v1.38).
   * @default false
   */
  readonly portNames?: boolean;
}

/** The Installation's overrides, below `installation`. */
export const INSTALLATION_OVERRIDES: OverrideSite = { kind: 'Installation', components: OVERRIDE_COMPONENTS, prop: 'installation' };

/** The findings of the overrides among `fields` (`calico.installation`), at the paths `at` gives (below `installation`). */
export function overrideFindings(fields: unknown, at: PathOf, site: OverrideSite = INSTALLATION_OVERRIDES): Finding[] {
  return overrideProblems(fields, at, site).map((p) => p.finding);
}

/** The problems of the overrides among `fields`, each with the rules it breaks. */
export function overrideProblems(fields: unknown, at: PathOf, site: OverrideSite = INSTALLATION_OVERRIDES): OverrideProblem[] {
  if (!isDataMap(fields)) return [];
  return Object.keys(site.components).filter((field) => isDataMap(ownField(fields, field)))
    .flatMap((field) => componentProblems(site, field, ownField(fields, field), at));
}

type Rule = OverrideRuleId | typeof QUANTITY_DECODE_RULE | typeof PORT_NAMES_RULE;

/** A problem before it is a finding: the path below the override, and the finding's details. */
export interface Found {
  readonly rule: Rule;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly got?: unknown;
  readonly allowed?: string;
  readonly fix?: string;
}

/** What ValidateReplicatedPodResourceOverrides checks (overrides.go:38-102), in its order. */
function componentProblems(site: OverrideSite, field: string, override: unknown, at: PathOf): OverrideProblem[] {
  const component = site.components[field];
  const out: OverrideProblem[] = [];
  /** Reports `found` under the part the operator names (`part`: overrides.go's words for it) and the part's row. */
  const report = (part: OverrideRuleId, says: string, base: readonly PropertyKey[], found: readonly Found[]) => {
    for (const f of found) {
      const rules = f.rule === QUANTITY_DECODE_RULE ? [f.rule] : [part, f.rule].filter((r, i, all) => all.indexOf(r) === i);
      const operator = f.rule === QUANTITY_DECODE_RULE
        ? 'the operator cannot read the Installation at all (Kubernetes\' quantity parser refuses it)'
        : `the operator refuses the ${site.kind} (spec.${component.name}: ${says})`;
      out.push({
        rules,
        finding: error(at(site.prop, field, ...base, ...f.path), `${f.message}; ${operator}`, {
          ...('got' in f ? { got: f.got } : {}),
          ...(f.allowed !== undefined ? { allowed: f.allowed } : {}),
          ...(f.fix !== undefined ? { fix: f.fix } : {}),
          // The row of the operator's rules table this finding mirrors (the most specific one).
          ...(f.rule !== QUANTITY_DECODE_RULE ? { rule: f.rule } : {}),
        }),
      });
    }
  };
  const metadata = ownField(override, 'metadata');
  report('override.metadata', 'metadata is invalid', ['metadata'], metadataProblems(metadata));
  const spec = ownField(override, 'spec');
  const template = ownField(spec, 'template');
  report('override.podTemplateMetadata', 'spec.Template.Metadata is invalid', ['spec', 'template', 'metadata'], metadataProblems(ownField(template, 'metadata')));
  const podSpec = ownField(template, 'spec');
  const pod = (...segments: PropertyKey[]) => ['spec', 'template', 'spec', ...segments];
  if (component.initContainers) {
    listOf(ownField(podSpec, 'initContainers')).forEach((c, i) => {
      report('override.initContainers', `spec.Template.Spec.InitContainers[${containerName(c)}] is invalid`, pod('initContainers', i, 'resources'), resourcesProblems(ownField(c, 'resources')));
    });
  }
  listOf(ownField(podSpec, 'containers')).forEach((c, i) => {
    report('override.containers', `spec.Template.Spec.Containers[${containerName(c)}] is invalid`, pod('containers', i, 'resources'), resourcesProblems(ownField(c, 'resources')));
    if (site.portNames && field === 'apiServerDeployment') {
      report('override.containers', `spec.Template.Spec.Containers[${containerName(c)}] is invalid`, pod('containers', i, 'ports'), portNameProblems(c));
    }
  });
  report('override.affinity', 'spec.Template.Spec.Affinity is invalid', pod('affinity'), affinityProblems(ownField(podSpec, 'affinity')));
  report('override.nodeSelector', 'spec.Template.Spec.NodeSelector is invalid', pod('nodeSelector'), labelsProblems(ownField(podSpec, 'nodeSelector')).map((p) => found('k8s.nodeSelector.labels', p, {
    fix: 'use the key and value of a label your nodes have (kubectl get nodes --show-labels)',
  })));
  if (component.topologySpreadConstraints ?? component.deployment) {
    report('override.topologySpreadConstraints', 'spec.Template.Spec.TopologySpreadConstraints is invalid', pod('topologySpreadConstraints'), topologySpreadProblems(ownField(podSpec, 'topologySpreadConstraints')));
  }
  report('override.tolerations', 'spec.Template.Spec.Tolerations is invalid', pod('tolerations'), tolerationsProblems(ownField(podSpec, 'tolerations')));
  if (component.deployment) {
    const grace = ownField(podSpec, 'terminationGracePeriodSeconds');
    if (typeof grace === 'number' && grace < 0) {
      report('override.terminationGracePeriodSeconds', 'spec.Template.Spec.TerminationGracePeriodSeconds is invalid', pod('terminationGracePeriodSeconds'), [{
        rule: 'override.terminationGracePeriodSeconds', path: [], message: 'cannot be negative', got: grace, allowed: '0 or more seconds', fix: 'give the seconds Typha has to stop, e.g. 30, or leave it out',
      }]);
    }
    report('override.strategy', 'spec.Strategy is invalid', ['spec', 'strategy', 'rollingUpdate'], rollingUpdateProblems(ownField(ownField(spec, 'strategy'), 'rollingUpdate')));
  }
  return out;
}

/** validateContainerPorts (apiserver/validation.go:40-55 at v1.42.3): a port named for another container's port. */
function portNameProblems(container: unknown): Found[] {
  const name = ownField(container, 'name');
  return listOf(ownField(container, 'ports')).flatMap((port, i): Found[] => {
    const portName = ownField(port, 'name');
    if (typeof portName !== 'string' || !Object.hasOwn(APISERVER_PORT_OWNERS, portName) || APISERVER_PORT_OWNERS[portName] === name) return [];
    return [{
      rule: PORT_NAMES_RULE, path: [i, 'name'], message: `port name ${portName} is not valid for container ${typeof name === 'string' ? name : ''}`, got: portName,
      allowed: `${portName} only on container ${APISERVER_PORT_OWNERS[portName]}`, fix: `move the port to container ${APISERVER_PORT_OWNERS[portName]}, or use that container's own port name`,
    }];
  });
}

/** The operator's name of a container in its messages (`%q` of the name). */
function containerName(container: unknown): string {
  const name = ownField(container, 'name');
  return JSON.stringify(typeof name === 'string' ? name : '');
}

/** A K8sProblem as a problem of `rule`. */
function found(rule: Rule, p: K8sProblem, extra: { readonly fix?: string } = {}): Found {
  return { rule, path: p.path, message: p.message, ...('got' in p ? { got: p.got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}), ...extra };
}

/** validateMetadata (overrides.go:105-113): labels and annotations. */
function metadataProblems(metadata: unknown): Found[] {
  if (!isDataMap(metadata)) return [];
  return [
    ...labelsProblems(ownField(metadata, 'labels')).map((p) => found('k8s.metadata.labels', { ...p, path: ['labels', ...p.path] }, { fix: 'write the label as Kubernetes allows (see allowed), or leave it out' })),
    ...annotationsProblems(ownField(metadata, 'annotations')).map((p) => found('k8s.metadata.annotations', { ...p, path: ['annotations', ...p.path] }, {
      fix: p.path.length === 0 ? 'keep large data out of annotations (a ConfigMap holds it)' : 'use a key such as example.com/note',
    })),
  ];
}

/**
 * ValidateResourceRequirements (v1validation.go:45-78): each resource name one a container can
 * request, each quantity readable, not negative and whole for integer resources, each request at most
 * its limit (equal to it where the resource cannot be overcommitted).
 */
export function resourcesProblems(resources: unknown): Found[] {
  const limits = ownField(resources, 'limits');
  const requests = ownField(resources, 'requests');
  const problems: Found[] = [];
  const entries = (map: unknown) => (isDataMap(map) ? Object.keys(map) : []);
  for (const [list, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const name of entries(map)) {
      const value = ownField(map, name);
      problems.push(...resourceNameProblems(name).map((p) => ({ ...p, path: [list, name] })));
      const nanos = quantityOf(value);
      if (nanos === 'skip') continue;
      if (nanos === undefined) {
        problems.push({
          rule: QUANTITY_DECODE_RULE, path: [list, name], message: 'is not a quantity Kubernetes can read', got: value,
          allowed: 'a number with an optional suffix such as m, k, M, Ki, Mi or Gi, or a whole exponent such as e3', fix: 'write it as 500m, 1.5Gi or 2e3',
        });
        continue;
      }
      problems.push(...quantityProblems(name, value, nanos).map((p) => ({ ...p, path: [list, name] })));
      if (list !== 'requests' || !isDataMap(limits) || !Object.hasOwn(limits, name)) continue;
      const limit = quantityOf(ownField(limits, name));
      if (typeof limit !== 'bigint' || nanos === limit) continue;
      const shown = show(ownField(limits, name));
      if (!isOvercommitAllowed(name)) {
        problems.push({
          rule: 'k8s.resources.request.equalsLimit', path: [list, name], message: `must be equal to ${name} limit`, got: value, allowed: `the limit, ${shown}`,
          fix: `request what the limit says (${name} cannot be overcommitted), or leave the request out: it defaults to the limit`,
        });
      } else if (nanos > limit) {
        problems.push({
          rule: 'k8s.resources.request.atMostLimit', path: [list, name], message: `must be less than or equal to ${name} limit`, got: value, allowed: `at most the limit, ${shown}`,
          fix: 'lower the request or raise the limit',
        });
      }
    }
  }
  return problems;
}

/** A value as a message shows it inside `allowed` (as written). */
function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A request's or limit's value in nano-units; undefined where Kubernetes cannot read it; `skip` where
 * the CRD's schema refuses it already (not a string or integer, or a string off its pattern).
 */
function quantityOf(value: unknown): bigint | undefined | 'skip' {
  if (typeof value === 'number') return Number.isInteger(value) ? quantityNanos(value) : 'skip';
  if (typeof value !== 'string' || !CRD_QUANTITY_PATTERN.test(value)) return 'skip';
  return quantityNanos(value);
}

/**
 * The pattern the Installation CRD gives requests and limits (every release's; test/calico/
 * override-rules.test.ts holds it to imports/crd-schemas.json): a value off it is the schema's finding.
 */
export const CRD_QUANTITY_PATTERN = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/**
 * ValidateContainerResourceName (v1validation.go:81-93, with validateResourceName :118-131): a
 * qualified name; unprefixed, a resource containers request (cpu, memory, ephemeral-storage, huge
 * pages); prefixed outside kubernetes.io, an extended resource name. One finding per name, every
 * phrase of the operator in it, under the first rule it breaks.
 */
function resourceNameProblems(name: string): Omit<Found, 'path'>[] {
  const broken: { rule: OverrideRuleId; message: string }[] = [];
  const qualified = labelKeyErrors(name);
  for (const message of qualified) broken.push({ rule: 'k8s.resources.name.qualified', message });
  if (!name.includes('/')) {
    if (qualified.length === 0 && !isStandardResourceName(name)) broken.push({ rule: 'k8s.resources.name.standard', message: 'must be a standard resource type or fully qualified' });
    if (!isStandardContainerResourceName(name)) broken.push({ rule: 'k8s.resources.name.container', message: 'must be a standard resource for containers' });
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    broken.push({ rule: 'k8s.resources.name.extended', message: "doesn't follow extended resource name standard" });
  }
  if (broken.length === 0) return [];
  return [{
    rule: broken[0].rule, message: `is not a resource a container can request: ${broken.map((b) => b.message).join('; ')}`, got: name, allowed: CONTAINER_RESOURCES_ALLOWED,
    fix: 'name cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource as its device plugin names it (vendor.example/device)',
  }];
}

/** ValidateResourceQuantityValue (v1validation.go:96-114): not negative; whole for integer resources. */
function quantityProblems(name: string, value: unknown, nanos: bigint): Omit<Found, 'path'>[] {
  const problems: Omit<Found, 'path'>[] = [];
  if (nanos < 0n) problems.push({ rule: 'k8s.resources.quantity.nonNegative', message: 'must be greater than or equal to 0', got: value, fix: 'drop the minus sign' });
  if (isIntegerResourceName(name) && milliValue(nanos) % 1000n !== 0n) {
    problems.push({ rule: 'k8s.resources.quantity.integer', message: 'must be an integer', got: value, allowed: `a whole number of ${name}`, fix: 'round it to a whole number' });
  }
  return problems;
}

/** ValidateAffinity (validation.go:65-81): node affinity, pod affinity and pod anti-affinity. */
export function affinityProblems(affinity: unknown): Found[] {
  if (!isDataMap(affinity)) return [];
  const problems: Found[] = [];
  const nodeAffinity = ownField(affinity, 'nodeAffinity');
  const required = ownField(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution');
  if (isDataMap(required)) {
    // ValidateNodeSelector (validation.go:145-158); a missing nodeSelectorTerms is the schema's.
    const terms = ownField(required, 'nodeSelectorTerms');
    const base = ['nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
    if (Array.isArray(terms) && terms.length === 0) {
      problems.push({
        rule: 'k8s.affinity.nodeSelectorTerms.required', path: base, message: 'must have at least one node selector term', got: [],
        fix: 'list the terms nodes must match (any one of them), or remove requiredDuringSchedulingIgnoredDuringExecution',
      });
    }
    listOf(terms).forEach((term, i) => problems.push(...nodeSelectorTermProblems(term, [...base, i])));
  }
  listOf(ownField(nodeAffinity, 'preferredDuringSchedulingIgnoredDuringExecution')).forEach((term, i) => {
    // ValidatePreferredSchedulingTerms (validation.go:229-240).
    const base = ['nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
    problems.push(...weightProblems('k8s.affinity.preferredSchedulingTerm.weight', ownField(term, 'weight'), base));
    problems.push(...nodeSelectorTermProblems(ownField(term, 'preference'), [...base, 'preference']));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = ownField(affinity, kind);
    listOf(ownField(podAffinity, 'requiredDuringSchedulingIgnoredDuringExecution')).forEach((term, i) => {
      problems.push(...podAffinityTermProblems(term, [kind, 'requiredDuringSchedulingIgnoredDuringExecution', i]));
    });
    listOf(ownField(podAffinity, 'preferredDuringSchedulingIgnoredDuringExecution')).forEach((term, i) => {
      // validateWeightedPodAffinityTerms (validation.go:262-271).
      const base = [kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      problems.push(...weightProblems('k8s.affinity.weightedPodAffinityTerm.weight', ownField(term, 'weight'), base));
      problems.push(...podAffinityTermProblems(ownField(term, 'podAffinityTerm'), [...base, 'podAffinityTerm']));
    });
  }
  return problems;
}

/** A preferred term's weight: 1–100 (a missing or fractional weight is the schema's). */
function weightProblems(rule: OverrideRuleId, weight: unknown, base: readonly PropertyKey[]): Found[] {
  return Number.isInteger(weight) && ((weight as number) <= 0 || (weight as number) > 100)
    ? [{ rule, path: [...base, 'weight'], message: 'must be in the range 1-100', got: weight, allowed: '1–100', fix: 'weigh the term from 1 (a slight preference) to 100 (a strong one)' }]
    : [];
}

/** ValidateNodeSelectorTerm (validation.go:161-173): its matchExpressions and matchFields. */
function nodeSelectorTermProblems(term: unknown, base: readonly PropertyKey[]): Found[] {
  const problems: Found[] = [];
  listOf(ownField(term, 'matchExpressions')).forEach((req, j) => problems.push(...nodeSelectorRequirementProblems(req, [...base, 'matchExpressions', j])));
  listOf(ownField(term, 'matchFields')).forEach((req, j) => problems.push(...nodeFieldRequirementProblems(req, [...base, 'matchFields', j])));
  return problems;
}

const NODE_SELECTOR_OPERATORS = 'In, NotIn, Exists, DoesNotExist, Gt, Lt';

/**
 * ValidateNodeSelectorRequirement (validation.go:203-226): In/NotIn with values, Exists/DoesNotExist
 * without, Gt/Lt with exactly one; no other operator; the key a label key. A missing operator or key
 * is the schema's.
 */
function nodeSelectorRequirementProblems(req: unknown, base: readonly PropertyKey[]): Found[] {
  const problems: Found[] = [];
  const operator = ownField(req, 'operator');
  const values = ownField(req, 'values');
  // undefined: values that are not a list, the schema's finding.
  const count = Array.isArray(values) ? values.length : values === undefined ? 0 : undefined;
  if (operator === 'In' || operator === 'NotIn') {
    if (count === 0) {
      problems.push({
        rule: 'k8s.affinity.matchExpressions.inValues', path: [...base, 'values'], message: "must be specified when `operator` is 'In' or 'NotIn'", got: values ?? [],
        fix: 'list the label values to match, or use operator: Exists',
      });
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (count !== undefined && count > 0) {
      problems.push({
        rule: 'k8s.affinity.matchExpressions.existsNoValues', path: [...base, 'values'], message: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", got: values,
        fix: 'remove values, or use operator: In',
      });
    }
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (count !== undefined && count !== 1) {
      problems.push({
        rule: 'k8s.affinity.matchExpressions.gtLtOneValue', path: [...base, 'values'], message: "must be specified single value when `operator` is 'Lt' or 'Gt'", got: values ?? [],
        fix: 'give one number to compare the label with, e.g. values: ["3"]',
      });
    }
  } else if (typeof operator === 'string') {
    problems.push({ rule: 'k8s.affinity.matchExpressions.operator', path: [...base, 'operator'], message: 'not a valid selector operator', got: operator, allowed: NODE_SELECTOR_OPERATORS });
  }
  const key = ownField(req, 'key');
  if (typeof key === 'string') problems.push(...labelNameProblems(key, [...base, 'key']).map((p) => found('k8s.affinity.matchExpressions.key', p, { fix: 'name a node label, e.g. kubernetes.io/os' })));
  return problems;
}

/**
 * ValidateNodeFieldSelectorRequirement (validation.go:176-200): In/NotIn with exactly one value, no
 * other operator; the key metadata.name, each value a node name.
 */
function nodeFieldRequirementProblems(req: unknown, base: readonly PropertyKey[]): Found[] {
  const problems: Found[] = [];
  const operator = ownField(req, 'operator');
  const values = ownField(req, 'values');
  if (operator === 'In' || operator === 'NotIn') {
    // values that are not a list are the schema's finding.
    if ((values === undefined || Array.isArray(values)) && (values?.length ?? 0) !== 1) {
      problems.push({
        rule: 'k8s.affinity.matchFields.values', path: [...base, 'values'], message: "must be only one value when `operator` is 'In' or 'NotIn' for node field selector", got: values ?? [],
        fix: 'name one node per matchFields requirement (terms are ORed: one term per node)',
      });
    }
  } else if (typeof operator === 'string') {
    problems.push({ rule: 'k8s.affinity.matchFields.operator', path: [...base, 'operator'], message: 'not a valid selector operator', got: operator, allowed: 'In, NotIn' });
  }
  const key = ownField(req, 'key');
  if (typeof key === 'string' && key !== 'metadata.name') {
    problems.push({
      rule: 'k8s.affinity.matchFields.key', path: [...base, 'key'], message: 'not a valid field selector key', got: key, allowed: 'metadata.name',
      fix: 'select nodes by their labels with matchExpressions instead',
    });
  } else if (key === 'metadata.name') {
    listOf(values).forEach((v, k) => {
      if (typeof v === 'string') problems.push(...nodeNameProblems(v, [...base, 'values', k]).map((p) => found('k8s.affinity.matchFields.nodeName', p, { fix: 'write the node\'s name as kubectl get nodes shows it' })));
    });
  }
  return problems;
}

/**
 * validatePodAffinityTerm (validation.go:111-126): its label and namespace selectors, its namespaces
 * DNS labels, its topologyKey a label key that is not empty (a missing one is the schema's).
 */
function podAffinityTermProblems(term: unknown, base: readonly PropertyKey[]): Found[] {
  if (!isDataMap(term)) return [];
  const problems: Found[] = [];
  const selectorFix = { fix: 'match the labels of the pods to keep together or apart, e.g. matchLabels: { k8s-app: calico-typha }' };
  problems.push(...labelSelectorProblems(ownField(term, 'labelSelector')).map((p) => found('k8s.affinity.podAffinityTerm.labelSelector', { ...p, path: [...base, 'labelSelector', ...p.path] }, selectorFix)));
  problems.push(...labelSelectorProblems(ownField(term, 'namespaceSelector')).map((p) => found('k8s.affinity.podAffinityTerm.namespaceSelector', { ...p, path: [...base, 'namespaceSelector', ...p.path] }, {
    fix: 'match namespace labels, e.g. matchLabels: { kubernetes.io/metadata.name: calico-system }',
  })));
  listOf(ownField(term, 'namespaces')).forEach((ns, k) => {
    if (typeof ns === 'string') problems.push(...namespaceNameProblems(ns, [...base, 'namespaces', k]).map((p) => found('k8s.affinity.podAffinityTerm.namespaces', p, { fix: 'name a namespace, e.g. calico-system' })));
  });
  const key = ownField(term, 'topologyKey');
  if (key === '') {
    problems.push({
      rule: 'k8s.affinity.podAffinityTerm.topologyKey.required', path: [...base, 'topologyKey'], message: 'can not be empty', got: key,
      allowed: 'a node label key, e.g. kubernetes.io/hostname or topology.kubernetes.io/zone', fix: 'name the node label whose values make the domains, e.g. kubernetes.io/hostname',
    });
  } else if (typeof key === 'string') {
    problems.push(...labelNameProblems(key, [...base, 'topologyKey']).map((p) => found('k8s.affinity.podAffinityTerm.topologyKey.name', p, { fix: 'name a node label key, e.g. kubernetes.io/hostname' })));
  }
  return problems;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ValidateTolerations (validation.go:274-316), each toleration; a field of the wrong type is the schema's. */
export function tolerationsProblems(tolerations: unknown): Found[] {
  const problems: Found[] = [];
  listOf(tolerations).forEach((t, i) => {
    if (!isDataMap(t)) return;
    const at = (field: string) => [i, field];
    const key = ownField(t, 'key');
    const operator = ownField(t, 'operator') ?? '';
    const value = ownField(t, 'value');
    const effect = ownField(t, 'effect') ?? '';
    const seconds = ownField(t, 'tolerationSeconds');
    const keyText = typeof key === 'string' ? key : '';
    const keyErrors = keyText === '' ? [] : labelKeyErrors(keyText);
    if (keyErrors.length > 0) {
      problems.push({
        rule: 'k8s.tolerations.key', path: at('key'), message: `is not a valid taint key: ${keyErrors.join('; ')}`, got: keyText, allowed: LABEL_KEY_ALLOWED,
        fix: 'write the taint\'s key as kubectl describe node shows it',
      });
    }
    if (keyText === '' && typeof operator === 'string' && operator !== 'Exists') {
      problems.push({
        rule: 'k8s.tolerations.emptyKeyNeedsExists', path: at('operator'), message: 'operator must be Exists when `key` is empty, which means "match all values and all keys"', got: operator,
        allowed: 'Exists, or a key', fix: 'set key to the taint\'s key, or use operator: Exists to tolerate every taint',
      });
    }
    if (seconds !== undefined && seconds !== null && effect !== 'NoExecute') {
      problems.push({
        rule: 'k8s.tolerations.secondsNeedNoExecute', path: at('effect'), message: "effect must be 'NoExecute' when `tolerationSeconds` is set", got: effect, allowed: 'NoExecute',
        fix: 'set effect: NoExecute, or remove tolerationSeconds (it only limits how long a pod stays after a NoExecute taint)',
      });
    }
    if (operator === 'Equal' || operator === '') {
      const text = typeof value === 'string' ? value : '';
      const errors = labelValueErrors(text);
      if (errors.length > 0) {
        problems.push({ rule: 'k8s.tolerations.equalValue', path: at('value'), message: `is not a valid taint value: ${errors.join('; ')}`, got: text, allowed: LABEL_VALUE_ALLOWED, fix: 'write the taint\'s value as kubectl describe node shows it' });
      }
    } else if (operator === 'Exists') {
      if (typeof value === 'string' && value !== '') {
        problems.push({ rule: 'k8s.tolerations.existsNoValue', path: at('value'), message: "value must be empty when `operator` is 'Exists'", got: value, fix: 'remove value, or use operator: Equal' });
      }
    } else if (typeof operator === 'string') {
      problems.push({ rule: 'k8s.tolerations.operator', path: at('operator'), message: 'is not a supported toleration operator', got: operator, allowed: 'Equal, Exists, or empty for Equal' });
    }
    if (typeof effect === 'string' && effect !== '' && !TAINT_EFFECTS.includes(effect)) {
      problems.push({ rule: 'k8s.tolerations.effect', path: at('effect'), message: 'is not a supported taint effect', got: effect, allowed: `${TAINT_EFFECTS.join(', ')}, or empty for all` });
    }
  });
  return problems;
}

const SPREAD_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];

/** ValidateTopologySpreadConstraints (validation.go:442-517); a missing required field is the schema's. */
function topologySpreadProblems(constraints: unknown): Found[] {
  const problems: Found[] = [];
  const list = listOf(constraints);
  list.forEach((c, i) => {
    if (!isDataMap(c)) return;
    const maxSkew = ownField(c, 'maxSkew');
    const key = ownField(c, 'topologyKey');
    const action = ownField(c, 'whenUnsatisfiable');
    const minDomains = ownField(c, 'minDomains');
    if (typeof maxSkew === 'number' && maxSkew <= 0) {
      problems.push({ rule: 'k8s.topologySpread.maxSkew', path: [i, 'maxSkew'], message: 'must be greater than zero', got: maxSkew, allowed: '1 or more', fix: 'allow a skew of at least 1 pod between domains' });
    }
    if (key === '') {
      problems.push({ rule: 'k8s.topologySpread.topologyKey', path: [i, 'topologyKey'], message: 'can not be empty', got: key, allowed: 'a node label key, e.g. topology.kubernetes.io/zone', fix: 'name the node label whose values make the domains' });
    }
    if (typeof action === 'string' && !SPREAD_ACTIONS.includes(action)) {
      problems.push({ rule: 'k8s.topologySpread.whenUnsatisfiable', path: [i, 'whenUnsatisfiable'], message: 'is not a supported value', got: action, allowed: SPREAD_ACTIONS.join(', ') });
    }
    // ValidateSpreadConstraintNotRepeat: the pair {topologyKey, whenUnsatisfiable} names one constraint.
    const first = list.findIndex((other, j) => j < i && typeof key === 'string' && ownField(other, 'topologyKey') === key && ownField(other, 'whenUnsatisfiable') === action);
    if (first >= 0) {
      problems.push({
        rule: 'k8s.topologySpread.unique', path: [i], message: `repeats the topologyKey and whenUnsatisfiable of topologySpreadConstraints[${first}] ({${key}, ${String(action ?? '')}}): one constraint per pair`,
        got: { topologyKey: key, whenUnsatisfiable: action }, fix: 'merge the two constraints into one',
      });
    }
    if (typeof minDomains === 'number') {
      if (minDomains <= 0) {
        problems.push({ rule: 'k8s.topologySpread.minDomains.positive', path: [i, 'minDomains'], message: 'must be greater than zero', got: minDomains, allowed: '1 or more', fix: 'give the number of domains to count at least, or leave minDomains out' });
      }
      if (action !== 'DoNotSchedule') {
        problems.push({
          rule: 'k8s.topologySpread.minDomains.doNotSchedule', path: [i, 'minDomains'], message: `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${String(action ?? '')}`, got: minDomains,
          fix: 'use whenUnsatisfiable: DoNotSchedule, or leave minDomains out',
        });
      }
    }
  });
  return problems;
}

/**
 * ValidateRollingUpdateDeployment (validation.go:341-363), on the RollingUpdate strategy the operator
 * builds from `rollingUpdate` whenever it is set (pkg/render/common/components/components.go:113-122 at
 * v1.42.3): each value a count of at least 0 or a percentage, not both 0 (unset counts as 0),
 * maxUnavailable at most 100%.
 */
function rollingUpdateProblems(rollingUpdate: unknown): Found[] {
  if (!isDataMap(rollingUpdate)) return [];
  const problems: Found[] = [];
  const maxUnavailable = ownField(rollingUpdate, 'maxUnavailable');
  const maxSurge = ownField(rollingUpdate, 'maxSurge');
  for (const [field, value] of [['maxUnavailable', maxUnavailable], ['maxSurge', maxSurge]] as const) {
    // ValidatePositiveIntOrPercent (validation.go:394-407).
    if (typeof value === 'string' && !isPercent(value)) {
      problems.push({ rule: 'k8s.strategy.percentFormat', path: [field], message: PERCENT_ERROR, got: value, allowed: 'a whole number such as 1, or a percentage such as 25%', fix: 'write it as 25% or as a number without quotes' });
    } else if (typeof value === 'number' && Number.isInteger(value) && value < 0) {
      problems.push({ rule: 'k8s.strategy.nonNegative', path: [field], message: 'must be greater than or equal to 0', got: value, allowed: '0 or more' });
    }
  }
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    problems.push({
      rule: 'k8s.strategy.notBothZero', path: ['maxUnavailable'], message: 'may not be 0 when `maxSurge` is 0', got: maxUnavailable, allowed: 'maxUnavailable or maxSurge above 0, a missing one counting as 0',
      fix: 'let a rollout stop one Typha (maxUnavailable: 1) or start one more (maxSurge: 1)',
    });
  }
  if (typeof maxUnavailable === 'string' && isPercent(maxUnavailable) && Number(maxUnavailable.slice(0, -1)) > 100) {
    problems.push({ rule: 'k8s.strategy.maxUnavailableAtMost100', path: ['maxUnavailable'], message: 'must not be greater than 100%', got: maxUnavailable, allowed: '0%–100%' });
  }
  return problems;
}

/**
 * getIntOrPercentValue (validation.go:365-382): a percentage's number, else IntOrString.IntValue —
 * an integer as it is, a string as strconv.Atoi reads it (0 where it cannot), unset 0.
 */
function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return 0;
  if (isPercent(value)) return Number(value.slice(0, -1));
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : 0;
}
