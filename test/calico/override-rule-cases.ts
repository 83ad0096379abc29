/**
 * One case per Kubernetes check the operator applies to component overrides under
 * calico.installation (src/lib/calico/override-rules.ts): the smallest `calico.installation` that
 * breaks it, and its exact messages. test/calico/override-rules.test.ts runs them;
 * test/calico/operator-rules.test.ts holds every `k8s.*`/`override.*` row the table says is checked
 * to a case here.
 */

/** A Typha override with `podSpec` as its pod template's spec and `spec` beside the template. */
export const typha = (podSpec: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ typhaDeployment: { spec: { ...spec, template: { spec: podSpec } } } });
/** An override of `field` with `podSpec` as its pod template's spec. */
export const podOf = (field: string, podSpec: Record<string, unknown>) => ({ [field]: { spec: { template: { spec: podSpec } } } });
/** Typha with one container of `resources`. */
export const typhaResources = (resources: Record<string, unknown>) => typha({ containers: [{ name: 'calico-typha', resources }] });
/** Typha with a pod affinity of `affinity`. */
export const typhaAffinity = (affinity: Record<string, unknown>) => typha({ affinity });
/** Typha with required node affinity terms `terms`. */
export const nodeTerms = (terms: unknown[]) => typhaAffinity({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
/** Typha with one required pod anti-affinity term. */
export const antiAffinityTerm = (term: Record<string, unknown>) => typhaAffinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
/** Typha with `tolerations`. */
export const tolerations = (...list: Record<string, unknown>[]) => typha({ tolerations: list });
/** Typha with `topologySpreadConstraints`. */
export const spread = (...list: Record<string, unknown>[]) => typha({ topologySpreadConstraints: list });
/** Typha with the rolling update parameters `rollingUpdate`. */
export const rollingUpdate = (params: Record<string, unknown>) => typha({}, { strategy: { rollingUpdate: params } });

export const HOSTNAME = 'kubernetes.io/hostname';

/** Rule id → the smallest `calico.installation` that breaks it. */
export const CASES: Record<string, Record<string, unknown>> = {
  'override.metadata': { calicoNodeDaemonSet: { metadata: { labels: { 'team/': 'net' } } } },
  'override.podTemplateMetadata': { calicoKubeControllersDeployment: { spec: { template: { metadata: { annotations: { 'example.com/a b': 'x' } } } } } },
  'override.initContainers': podOf('calicoNodeDaemonSet', { initContainers: [{ name: 'install-cni', resources: { requests: { memory: '-10Mi' } } }] }),
  'override.containers': podOf('csiNodeDriverDaemonSet', { containers: [{ name: 'csi-node-driver-registrar', resources: { limits: { memory: '-1' } } }] }),
  'override.affinity': podOf('calicoNodeWindowsDaemonSet', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }),
  'override.nodeSelector': podOf('calicoNodeDaemonSet', { nodeSelector: { 'kubernetes.io/os': 'linux windows' } }),
  'override.topologySpreadConstraints': spread({ maxSkew: 0, topologyKey: HOSTNAME, whenUnsatisfiable: 'DoNotSchedule' }),
  'override.tolerations': podOf('calicoKubeControllersDeployment', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecution' }] }),
  'override.terminationGracePeriodSeconds': typha({ terminationGracePeriodSeconds: -1 }),
  'override.strategy': typha({}, { strategy: { rollingUpdate: {} } }),
  'k8s.metadata.labels': { typhaDeployment: { spec: { template: { metadata: { labels: { tier: 'a'.repeat(64) } } } } } },
  'k8s.metadata.annotations': { csiNodeDriverDaemonSet: { metadata: { annotations: { 'example.com/note:': 'x' } } } },
  'k8s.nodeSelector.labels': typha({ nodeSelector: { 'node-role.kubernetes.io/': '' } }),
  'k8s.affinity.podAffinityTerm.labelSelector': antiAffinityTerm({ labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In' }] }, topologyKey: HOSTNAME }),
  'k8s.affinity.podAffinityTerm.namespaceSelector': typhaAffinity({
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'calico system' } }, topologyKey: HOSTNAME } }] },
  }),
  'k8s.affinity.podAffinityTerm.namespaces': antiAffinityTerm({ namespaces: ['Calico-System'], topologyKey: HOSTNAME }),
  'k8s.affinity.podAffinityTerm.topologyKey.required': antiAffinityTerm({ topologyKey: '' }),
  'k8s.affinity.podAffinityTerm.topologyKey.name': antiAffinityTerm({ topologyKey: 'zone name' }),
  'k8s.affinity.weightedPodAffinityTerm.weight': typhaAffinity({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: HOSTNAME } }] } }),
  'k8s.affinity.nodeSelectorTerms.required': nodeTerms([]),
  'k8s.affinity.matchFields.values': nodeTerms([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1', 'node-2'] }] }]),
  'k8s.affinity.matchFields.operator': nodeTerms([{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }]),
  'k8s.affinity.matchFields.key': nodeTerms([{ matchFields: [{ key: 'metadata.labels', operator: 'In', values: ['x'] }] }]),
  'k8s.affinity.matchFields.nodeName': nodeTerms([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['Node_1'] }] }]),
  'k8s.affinity.matchExpressions.inValues': nodeTerms([{ matchExpressions: [{ key: 'node-role.kubernetes.io/infra', operator: 'In' }] }]),
  'k8s.affinity.matchExpressions.existsNoValues': nodeTerms([{ matchExpressions: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists', values: ['true'] }] }]),
  'k8s.affinity.matchExpressions.gtLtOneValue': nodeTerms([{ matchExpressions: [{ key: 'example.com/generation', operator: 'Gt', values: ['1', '2'] }] }]),
  'k8s.affinity.matchExpressions.operator': nodeTerms([{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'Equals', values: ['linux'] }] }]),
  'k8s.affinity.matchExpressions.key': nodeTerms([{ matchExpressions: [{ key: 'node role', operator: 'Exists' }] }]),
  'k8s.affinity.preferredSchedulingTerm.weight': typhaAffinity({
    nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists' }] } }] },
  }),
  'k8s.tolerations.key': tolerations({ key: 'node-role.kubernetes.io/', operator: 'Exists' }),
  'k8s.tolerations.emptyKeyNeedsExists': tolerations({ operator: 'Equal', effect: 'NoSchedule' }),
  'k8s.tolerations.secondsNeedNoExecute': tolerations({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 300 }),
  'k8s.tolerations.equalValue': tolerations({ key: 'dedicated', value: 'infra nodes', effect: 'NoSchedule' }),
  'k8s.tolerations.existsNoValue': tolerations({ key: 'dedicated', operator: 'Exists', value: 'infra' }),
  'k8s.tolerations.operator': tolerations({ key: 'dedicated', operator: 'In', value: 'infra' }),
  'k8s.tolerations.effect': tolerations({ key: 'dedicated', operator: 'Exists', effect: 'NoExecution' }),
  'k8s.strategy.notBothZero': rollingUpdate({ maxUnavailable: 0, maxSurge: '0%' }),
  'k8s.strategy.maxUnavailableAtMost100': rollingUpdate({ maxUnavailable: '150%' }),
  'k8s.strategy.percentFormat': rollingUpdate({ maxSurge: '25' }),
  'k8s.strategy.nonNegative': rollingUpdate({ maxUnavailable: -1, maxSurge: 1 }),
  'k8s.topologySpread.maxSkew': spread({ maxSkew: -1, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' }),
  'k8s.topologySpread.topologyKey': spread({ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }),
  'k8s.topologySpread.whenUnsatisfiable': spread({ maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'DontSchedule' }),
  'k8s.topologySpread.unique': spread(
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
    { maxSkew: 2, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' },
  ),
  'k8s.topologySpread.minDomains.positive': spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 }),
  'k8s.topologySpread.minDomains.doNotSchedule': spread({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 3 }),
  'k8s.resources.name.qualified': typhaResources({ limits: { 'gpu!': '1' } }),
  'k8s.resources.name.standard': typhaResources({ requests: { gpu: '1' } }),
  'k8s.resources.name.container': typhaResources({ requests: { pods: '1' } }),
  'k8s.resources.name.extended': typhaResources({ limits: { 'requests.example.com/gpu': '1' } }),
  'k8s.resources.quantity.nonNegative': typhaResources({ requests: { cpu: '-100m' } }),
  'k8s.resources.quantity.integer': typhaResources({ limits: { 'example.com/gpu': '0.5' } }),
  'k8s.resources.request.equalsLimit': typhaResources({ requests: { 'hugepages-2Mi': '2Mi' }, limits: { 'hugepages-2Mi': '4Mi' } }),
  'k8s.resources.request.atMostLimit': typhaResources({ requests: { memory: '1Gi' }, limits: { memory: '512Mi' } }),
  'decode.resources.quantity': typhaResources({ limits: { memory: '1e1.5' } }),
};

/** Rule id → the messages of its case (errors only: every one of them). */
export const EXPECTED: Record<string, string[]> = {
  'override.metadata': [
    'calico.installation.calicoNodeDaemonSet.metadata.labels["team/"]: is not a valid label key: name part must be non-empty; the operator refuses the Installation (spec.CalicoNodeDaemonSet: metadata is invalid) (got "team/"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — write the label as Kubernetes allows (see allowed), or leave it out',
  ],
  'override.podTemplateMetadata': [
    'calico.installation.calicoKubeControllersDeployment.spec.template.metadata.annotations["example.com/a b"]: is not a valid annotation key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.CalicoKubeControllersDeployment: spec.Template.Metadata is invalid) (got "example.com/a b"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — use a key such as example.com/note',
  ],
  'override.initContainers': [
    'calico.installation.calicoNodeDaemonSet.spec.template.spec.initContainers[0].resources.requests.memory: must be greater than or equal to 0; the operator refuses the Installation (spec.CalicoNodeDaemonSet: spec.Template.Spec.InitContainers["install-cni"] is invalid) (got "-10Mi") — drop the minus sign',
  ],
  'override.containers': [
    'calico.installation.csiNodeDriverDaemonSet.spec.template.spec.containers[0].resources.limits.memory: must be greater than or equal to 0; the operator refuses the Installation (spec.CSINodeDriverDaemonSet: spec.Template.Spec.Containers["csi-node-driver-registrar"] is invalid) (got "-1") — drop the minus sign',
  ],
  'override.affinity': [
    'calico.installation.calicoNodeWindowsDaemonSet.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: must have at least one node selector term; the operator refuses the Installation (spec.CalicoNodeWindowsDaemonSet: spec.Template.Spec.Affinity is invalid) (got []) — list the terms nodes must match (any one of them), or remove requiredDuringSchedulingIgnoredDuringExecution',
  ],
  'override.nodeSelector': [
    'calico.installation.calicoNodeDaemonSet.spec.template.spec.nodeSelector["kubernetes.io/os"]: is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.CalicoNodeDaemonSet: spec.Template.Spec.NodeSelector is invalid) (got "linux windows"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra) — use the key and value of a label your nodes have (kubectl get nodes --show-labels)',
  ],
  'override.topologySpreadConstraints': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].maxSkew: must be greater than zero; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got 0; allowed 1 or more) — allow a skew of at least 1 pod between domains',
  ],
  'override.tolerations': [
    'calico.installation.calicoKubeControllersDeployment.spec.template.spec.tolerations[0].effect: is not a supported taint effect; the operator refuses the Installation (spec.CalicoKubeControllersDeployment: spec.Template.Spec.Tolerations is invalid) (got "NoExecution"; allowed NoSchedule, PreferNoSchedule, NoExecute, or empty for all)',
  ],
  'override.terminationGracePeriodSeconds': [
    'calico.installation.typhaDeployment.spec.template.spec.terminationGracePeriodSeconds: cannot be negative; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TerminationGracePeriodSeconds is invalid) (got -1; allowed 0 or more seconds) — give the seconds Typha has to stop, e.g. 30, or leave it out',
  ],
  'override.strategy': [
    'calico.installation.typhaDeployment.spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when `maxSurge` is 0; the operator refuses the Installation (spec.TyphaDeployment: spec.Strategy is invalid) (got nothing; allowed maxUnavailable or maxSurge above 0, a missing one counting as 0) — let a rollout stop one Typha (maxUnavailable: 1) or start one more (maxSurge: 1)',
  ],
  'k8s.metadata.labels': [
    'calico.installation.typhaDeployment.spec.template.metadata.labels.tier: is not a valid label value: must be no more than 63 characters; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Metadata is invalid) (got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra) — write the label as Kubernetes allows (see allowed), or leave it out',
  ],
  'k8s.metadata.annotations': [
    'calico.installation.csiNodeDriverDaemonSet.metadata.annotations["example.com/note:"]: is not a valid annotation key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.CSINodeDriverDaemonSet: metadata is invalid) (got "example.com/note:"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — use a key such as example.com/note',
  ],
  'k8s.nodeSelector.labels': [
    'calico.installation.typhaDeployment.spec.template.spec.nodeSelector["node-role.kubernetes.io/"]: is not a valid label key: name part must be non-empty; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.NodeSelector is invalid) (got "node-role.kubernetes.io/"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — use the key and value of a label your nodes have (kubectl get nodes --show-labels)',
  ],
  'k8s.affinity.podAffinityTerm.labelSelector': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values: must be specified when `operator` is \'In\' or \'NotIn\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got []) — match the labels of the pods to keep together or apart, e.g. matchLabels: { k8s-app: calico-typha }',
  ],
  'k8s.affinity.podAffinityTerm.namespaceSelector': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]: is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "calico system"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra) — match namespace labels, e.g. matchLabels: { kubernetes.io/metadata.name: calico-system }',
  ],
  'k8s.affinity.podAffinityTerm.namespaces': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespaces[0]: is not a valid namespace name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "Calico-System"; allowed a DNS label of at most 63 characters, e.g. kube-system) — name a namespace, e.g. calico-system',
  ],
  'k8s.affinity.podAffinityTerm.topologyKey.required': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: can not be empty; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got ""; allowed a node label key, e.g. kubernetes.io/hostname or topology.kubernetes.io/zone) — name the node label whose values make the domains, e.g. kubernetes.io/hostname',
  ],
  'k8s.affinity.podAffinityTerm.topologyKey.name': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: is not a valid label key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "zone name"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — name a node label key, e.g. kubernetes.io/hostname',
  ],
  'k8s.affinity.weightedPodAffinityTerm.weight': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got 101; allowed 1–100) — weigh the term from 1 (a slight preference) to 100 (a strong one)',
  ],
  'k8s.affinity.nodeSelectorTerms.required': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: must have at least one node selector term; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got []) — list the terms nodes must match (any one of them), or remove requiredDuringSchedulingIgnoredDuringExecution',
  ],
  'k8s.affinity.matchFields.values': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values: must be only one value when `operator` is \'In\' or \'NotIn\' for node field selector; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got ["node-1","node-2"]) — name one node per matchFields requirement (terms are ORed: one term per node)',
  ],
  'k8s.affinity.matchFields.operator': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].operator: not a valid selector operator; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "Exists"; allowed In, NotIn)',
  ],
  'k8s.affinity.matchFields.key': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: not a valid field selector key; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "metadata.labels"; allowed metadata.name) — select nodes by their labels with matchExpressions instead',
  ],
  'k8s.affinity.matchFields.nodeName': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]: is not a valid node name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "Node_1"; allowed a DNS subdomain of at most 253 characters, e.g. worker-1.example.com) — write the node\'s name as kubectl get nodes shows it',
  ],
  'k8s.affinity.matchExpressions.inValues': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be specified when `operator` is \'In\' or \'NotIn\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got []) — list the label values to match, or use operator: Exists',
  ],
  'k8s.affinity.matchExpressions.existsNoValues': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got ["true"]) — remove values, or use operator: In',
  ],
  'k8s.affinity.matchExpressions.gtLtOneValue': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be specified single value when `operator` is \'Lt\' or \'Gt\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got ["1","2"]) — give one number to compare the label with, e.g. values: ["3"]',
  ],
  'k8s.affinity.matchExpressions.operator': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: not a valid selector operator; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "Equals"; allowed In, NotIn, Exists, DoesNotExist, Gt, Lt)',
  ],
  'k8s.affinity.matchExpressions.key': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: is not a valid label key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got "node role"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — name a node label, e.g. kubernetes.io/os',
  ],
  'k8s.affinity.preferredSchedulingTerm.weight': [
    'calico.installation.typhaDeployment.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Affinity is invalid) (got 0; allowed 1–100) — weigh the term from 1 (a slight preference) to 100 (a strong one)',
  ],
  'k8s.tolerations.key': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].key: is not a valid taint key: name part must be non-empty; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "node-role.kubernetes.io/"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — write the taint\'s key as kubectl describe node shows it',
  ],
  'k8s.tolerations.emptyKeyNeedsExists': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].operator: operator must be Exists when `key` is empty, which means "match all values and all keys"; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "Equal"; allowed Exists, or a key) — set key to the taint\'s key, or use operator: Exists to tolerate every taint',
  ],
  'k8s.tolerations.secondsNeedNoExecute': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].effect: effect must be \'NoExecute\' when `tolerationSeconds` is set; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "NoSchedule"; allowed NoExecute) — set effect: NoExecute, or remove tolerationSeconds (it only limits how long a pod stays after a NoExecute taint)',
  ],
  'k8s.tolerations.equalValue': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].value: is not a valid taint value: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "infra nodes"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra) — write the taint\'s value as kubectl describe node shows it',
  ],
  'k8s.tolerations.existsNoValue': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].value: value must be empty when `operator` is \'Exists\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "infra") — remove value, or use operator: Equal',
  ],
  'k8s.tolerations.operator': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].operator: is not a supported toleration operator; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "In"; allowed Equal, Exists, or empty for Equal)',
  ],
  'k8s.tolerations.effect': [
    'calico.installation.typhaDeployment.spec.template.spec.tolerations[0].effect: is not a supported taint effect; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Tolerations is invalid) (got "NoExecution"; allowed NoSchedule, PreferNoSchedule, NoExecute, or empty for all)',
  ],
  'k8s.strategy.notBothZero': [
    'calico.installation.typhaDeployment.spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when `maxSurge` is 0; the operator refuses the Installation (spec.TyphaDeployment: spec.Strategy is invalid) (got 0; allowed maxUnavailable or maxSurge above 0, a missing one counting as 0) — let a rollout stop one Typha (maxUnavailable: 1) or start one more (maxSurge: 1)',
  ],
  'k8s.strategy.maxUnavailableAtMost100': [
    'calico.installation.typhaDeployment.spec.strategy.rollingUpdate.maxUnavailable: must not be greater than 100%; the operator refuses the Installation (spec.TyphaDeployment: spec.Strategy is invalid) (got "150%"; allowed 0%–100%)',
  ],
  'k8s.strategy.percentFormat': [
    'calico.installation.typhaDeployment.spec.strategy.rollingUpdate.maxSurge: a valid percent string must be a numeric string followed by an ending \'%\'; the operator refuses the Installation (spec.TyphaDeployment: spec.Strategy is invalid) (got "25"; allowed a whole number such as 1, or a percentage such as 25%) — write it as 25% or as a number without quotes',
  ],
  'k8s.strategy.nonNegative': [
    'calico.installation.typhaDeployment.spec.strategy.rollingUpdate.maxUnavailable: must be greater than or equal to 0; the operator refuses the Installation (spec.TyphaDeployment: spec.Strategy is invalid) (got -1; allowed 0 or more)',
  ],
  'k8s.topologySpread.maxSkew': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].maxSkew: must be greater than zero; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got -1; allowed 1 or more) — allow a skew of at least 1 pod between domains',
  ],
  'k8s.topologySpread.topologyKey': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].topologyKey: can not be empty; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got ""; allowed a node label key, e.g. topology.kubernetes.io/zone) — name the node label whose values make the domains',
  ],
  'k8s.topologySpread.whenUnsatisfiable': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: is not a supported value; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got "DontSchedule"; allowed DoNotSchedule, ScheduleAnyway)',
  ],
  'k8s.topologySpread.unique': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[1]: repeats the topologyKey and whenUnsatisfiable of topologySpreadConstraints[0] ({topology.kubernetes.io/zone, DoNotSchedule}): one constraint per pair; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got {"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule"}) — merge the two constraints into one',
  ],
  'k8s.topologySpread.minDomains.positive': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].minDomains: must be greater than zero; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got 0; allowed 1 or more) — give the number of domains to count at least, or leave minDomains out',
  ],
  'k8s.topologySpread.minDomains.doNotSchedule': [
    'calico.installation.typhaDeployment.spec.template.spec.topologySpreadConstraints[0].minDomains: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.TopologySpreadConstraints is invalid) (got 3) — use whenUnsatisfiable: DoNotSchedule, or leave minDomains out',
  ],
  'k8s.resources.name.qualified': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.limits["gpu!"]: is not a resource a container can request: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character; must be a standard resource for containers; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "gpu!"; allowed cpu, memory, ephemeral-storage, hugepages-<size>, or a prefixed extended resource such as example.com/gpu) — name cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource as its device plugin names it (vendor.example/device)',
  ],
  'k8s.resources.name.standard': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.gpu: is not a resource a container can request: must be a standard resource type or fully qualified; must be a standard resource for containers; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "gpu"; allowed cpu, memory, ephemeral-storage, hugepages-<size>, or a prefixed extended resource such as example.com/gpu) — name cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource as its device plugin names it (vendor.example/device)',
  ],
  'k8s.resources.name.container': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.pods: is not a resource a container can request: must be a standard resource for containers; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "pods"; allowed cpu, memory, ephemeral-storage, hugepages-<size>, or a prefixed extended resource such as example.com/gpu) — name cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource as its device plugin names it (vendor.example/device)',
  ],
  'k8s.resources.name.extended': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.limits["requests.example.com/gpu"]: is not a resource a container can request: doesn\'t follow extended resource name standard; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "requests.example.com/gpu"; allowed cpu, memory, ephemeral-storage, hugepages-<size>, or a prefixed extended resource such as example.com/gpu) — name cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource as its device plugin names it (vendor.example/device)',
  ],
  'k8s.resources.quantity.nonNegative': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.cpu: must be greater than or equal to 0; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "-100m") — drop the minus sign',
  ],
  'k8s.resources.quantity.integer': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.limits["example.com/gpu"]: must be an integer; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "0.5"; allowed a whole number of example.com/gpu) — round it to a whole number',
  ],
  'k8s.resources.request.equalsLimit': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.hugepages-2Mi: must be equal to hugepages-2Mi limit; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "2Mi"; allowed the limit, 4Mi) — request what the limit says (hugepages-2Mi cannot be overcommitted), or leave the request out: it defaults to the limit',
  ],
  'k8s.resources.request.atMostLimit': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.memory: must be less than or equal to memory limit; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got "1Gi"; allowed at most the limit, 512Mi) — lower the request or raise the limit',
  ],
  'decode.resources.quantity': [
    'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.limits.memory: is not a quantity Kubernetes can read; the operator cannot read the Installation at all (Kubernetes\' quantity parser refuses it) (got "1e1.5"; allowed a number with an optional suffix such as m, k, M, Ki, Mi or Gi, or a whole exponent such as e3) — write it as 500m, 1.5Gi or 2e3',
  ],
};

