/**
 * The operator's Kubernetes checks of the component overrides under calico.installation
 * (calico/override-rules.ts): for each rule the smallest cluster description that breaks it and its
 * exact messages; realistic overrides that pass; the rules held to the inventory of the operator's
 * rules (src/lib/calico/release-data/operator-rules.json) and to the Installation CRD.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { CalicoInstallation } from '../../src/lib/calico/installation';
import {
  APISERVER_OVERRIDE_COMPONENTS, CRD_QUANTITY_PATTERN, OVERRIDE_COMPONENTS, OVERRIDE_RULE_IDS, OVERRIDE_RULES, overrideProblems, QUANTITY_DECODE_RULE, VALIDATED_OVERRIDES,
} from '../../src/lib/calico/override-rules';
import { OPERATOR_RULES } from '../../src/lib/calico/operator-rules';
import { findingsOf, pathsBelow } from '../../src/lib/common/checks';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, load, messages, render, ROOT, testChart } from '../util';

const errorsOf = (installation: Record<string, unknown>, calico: Record<string, unknown> = {}) => messages(
  load(clusterDoc({ calico: { ...calico, installation } })).findings.filter((f) => f.severity === 'error'),
);
const rulesOf = (installation: Record<string, unknown>) => overrideProblems(installation, pathsBelow('calico')).flatMap((p) => p.rules);

import { CASES, EXPECTED, podOf, typha, typhaResources } from './override-rule-cases';

describe('each rule: the smallest cluster description that breaks it, and its exact message', () => {
  test.each(Object.keys(CASES))('%s', (id) => {
    expect(errorsOf(CASES[id])).toEqual(EXPECTED[id]);
    expect(rulesOf(CASES[id])).toContain(id);
  });

  test('every rule has its case', () => {
    expect(Object.keys(CASES).sort()).toEqual([...OVERRIDE_RULE_IDS, QUANTITY_DECODE_RULE].sort());
  });

  test('the same messages with every Calico release: the rules are the same in operators v1.34.5 to v1.42.3', () => {
    for (const id of ['k8s.tolerations.operator', 'k8s.resources.request.atMostLimit', 'k8s.strategy.notBothZero', 'k8s.affinity.matchExpressions.inValues', 'k8s.metadata.labels']) {
      for (const version of ['v3.28.2', 'v3.29.7', 'v3.30.7', 'v3.31.7']) {
        expect(errorsOf(CASES[id], { version, crds: 'operator' }).filter((m) => m.startsWith('calico.installation.'))).toEqual(EXPECTED[id]);
      }
    }
  });
});

/**
 * Overrides as the Calico docs shape them (written here): what a cluster running Typha on infra
 * nodes, spread over zones, with resources on every component sets.
 */
const REALISTIC = {
  calicoNodeDaemonSet: {
    metadata: { labels: { 'example.com/team': 'network' }, annotations: { 'Example.com/Owner': 'Platform team <platform@example.com>' } },
    spec: {
      minReadySeconds: 10,
      template: {
        metadata: { labels: { 'app.kubernetes.io/part-of': 'calico' }, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'example.com/no-calico', operator: 'DoesNotExist' }] }] } } },
          containers: [{ name: 'calico-node', resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: '1Gi' } } }],
          initContainers: [{ name: 'install-cni', resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { cpu: '0.5', memory: 67108864 } } }],
        },
      },
    },
  },
  calicoNodeWindowsDaemonSet: {
    spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name: 'felix', resources: { requests: { cpu: '100m', memory: '100Mi' } } }] } } },
  },
  calicoKubeControllersDeployment: {
    spec: {
      template: {
        spec: {
          nodeSelector: { 'node-role.kubernetes.io/infra': '' },
          tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoSchedule' }],
          containers: [{ name: 'calico-kube-controllers', resources: { requests: { cpu: '100m', memory: '64Mi', 'hugepages-2Mi': '2Mi' }, limits: { memory: '256Mi', 'hugepages-2Mi': '2097152' } } }],
        },
      },
    },
  },
  typhaDeployment: {
    spec: {
      strategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      template: {
        spec: {
          terminationGracePeriodSeconds: 60,
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'k8s-app': 'calico-typha' } } },
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, labelSelector: { matchLabels: { 'k8s-app': 'calico-typha' } } },
          ],
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, preference: { matchExpressions: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists' }] } },
                { weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['worker-7.example.com'] }] } },
              ],
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 50,
                podAffinityTerm: {
                  labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['calico-typha'] }] },
                  namespaces: ['calico-system'], topologyKey: 'kubernetes.io/hostname',
                },
              }],
            },
          },
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
            { key: 'dedicated', value: 'network', effect: 'NoSchedule' },
          ],
          containers: [{ name: 'calico-typha', resources: { requests: { cpu: '0.2', memory: '64Mi', 'example.com/gpu': 1 }, limits: { cpu: 1, memory: '128974848', 'example.com/gpu': '1' } } }],
        },
      },
    },
  },
  csiNodeDriverDaemonSet: {
    spec: { template: { spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'csi-node-driver-registrar', resources: { limits: { cpu: '100m', 'ephemeral-storage': '1Gi' } } }] } } },
  },
};

describe('overrides that pass', () => {
  test('realistic overrides of every component pass, and are rendered as written', () => {
    expect(errorsOf(REALISTIC)).toEqual([]);
    expect(rulesOf(REALISTIC)).toEqual([]);
    const inst = find(render(config(clusterDoc({ calico: { installation: REALISTIC } })))['calico'], 'Installation', 'default');
    expect(inst.spec.typhaDeployment).toEqual(REALISTIC.typhaDeployment);
    expect(schemaProblems(inst)).toEqual([]);
  });

  test('a request equal to its limit passes whatever its notation; a number is a quantity', () => {
    expect(errorsOf(typhaResources({ requests: { 'hugepages-1Gi': '1Gi', 'example.com/fpga': '2' }, limits: { 'hugepages-1Gi': 1073741824, 'example.com/fpga': '2000m' } }))).toEqual([]);
    expect(errorsOf(typhaResources({ requests: { memory: 1073741825 }, limits: { memory: '1Gi' } }))).toEqual([
      'calico.installation.typhaDeployment.spec.template.spec.containers[0].resources.requests.memory: must be less than or equal to memory limit; the operator refuses the Installation (spec.TyphaDeployment: spec.Template.Spec.Containers["calico-typha"] is invalid) (got 1073741825; allowed at most the limit, 1Gi) — lower the request or raise the limit',
    ]);
  });

  test('rollingUpdate values: percentages and counts, one of them above 0', () => {
    for (const params of [{ maxUnavailable: '0%', maxSurge: 1 }, { maxSurge: '100%' }, { maxUnavailable: '100%', maxSurge: 0 }, { maxUnavailable: 2 }]) {
      expect(errorsOf(typha({}, { strategy: { rollingUpdate: params } }))).toEqual([]);
    }
  });

  test('tolerations: empty key with Exists tolerates everything; an empty operator means Equal', () => {
    expect(errorsOf(typha({ tolerations: [{ operator: 'Exists' }, { key: 'a', value: 'b' }, { key: 'a', operator: 'Equal', value: '' }, { key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }] }))).toEqual([]);
  });
});

describe('what these checks leave to others', () => {
  test('values of the wrong shape are the CRD schema\'s findings, not repeated here', () => {
    const installation = typha({
      tolerations: 'all', nodeSelector: ['linux'],
      topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' }],
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }], matchFields: [{ key: 'metadata.name', operator: 'In', values: 'n' }] }] } },
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 'high', podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: 'calico-typha' }] } },
          }],
        },
      },
      containers: [{ name: 'calico-typha', resources: { limits: { memory: '1 GB', cpu: 0.5 } } }],
    }, { strategy: { rollingUpdate: { maxSurge: 1.5 } } });
    expect(rulesOf(installation)).toEqual([]);
    expect(errorsOf(installation).every((m) => !m.includes('the operator'))).toBe(true);
    expect(errorsOf(installation).length).toBeGreaterThan(0);
  });

  test('a field the override\'s CRD lacks is the schema\'s finding: the operator never sees it', () => {
    const installation = podOf('csiNodeDriverDaemonSet', { initContainers: [{ name: 'x', resources: { limits: { cpu: '-1' } } }], terminationGracePeriodSeconds: -1 });
    expect(rulesOf(installation)).toEqual([]);
    expect(errorsOf(installation)).toEqual([
      'calico.installation.csiNodeDriverDaemonSet.spec.template.spec.initContainers: is not a field of the schema; the API server would drop it — see `kubectl explain installation.spec` for the fields of the release',
      'calico.installation.csiNodeDriverDaemonSet.spec.template.spec.terminationGracePeriodSeconds: is not a field of the schema; the API server would drop it — see `kubectl explain installation.spec` for the fields of the release',
    ]);
  });

  test('minReadySeconds below 0 and a container name the component lacks: the CRD refuses them', () => {
    expect(errorsOf({ typhaDeployment: { spec: { minReadySeconds: -1, template: { spec: { containers: [{ name: 'typha' }] } } } } }).map((m) => m.split(' (')[0])).toEqual([
      'calico.installation.typhaDeployment.spec.minReadySeconds: is below the minimum',
      'calico.installation.typhaDeployment.spec.template.spec.containers[0].name: is not one of the supported values',
    ]);
  });
});

test('the annotations of an object take at most 256 KiB, which a YAML alias reaches within a cluster file', () => {
  const blob = 'x'.repeat(128 * 1024);
  const doc = stringify(clusterDoc({ calico: { installation: { csiNodeDriverDaemonSet: { metadata: { annotations: { 'example.com/a': 'A', 'example.com/b': 'B' } } } } } }))
    .replace('example.com/a: A', `example.com/a: &blob ${blob}`).replace('example.com/b: B', 'example.com/b: *blob');
  expect(messages(load(doc).findings)).toEqual([
    'calico.installation.csiNodeDriverDaemonSet.metadata.annotations: may not be more than 262144 bytes (keys and values together); the operator refuses the Installation (spec.CSINodeDriverDaemonSet: metadata is invalid) (got "262170 bytes"; allowed at most 262144 bytes) — keep large data out of annotations (a ConfigMap holds it)',
  ]);
});

test('a CalicoInstallation on its own reports at paths relative to its props, and fails synth', () => {
  const chart = testChart();
  const inst = new CalicoInstallation(chart, 'I', { podCidrs: ['10.244.0.0/16'], installation: CASES['k8s.tolerations.operator'] });
  const expected = EXPECTED['k8s.tolerations.operator'].map((m) => m.replace(/^calico\./, ''));
  expect(messages(findingsOf(inst))).toEqual(expected);
  expect(() => chart.toJson()).toThrow(expected[0]);
});

describe('the rules and the data they are held to', () => {
  const inventory = OPERATOR_RULES;
  const schema = (JSON.parse(fs.readFileSync(path.join(ROOT, 'imports', 'crd-schemas.json'), 'utf8')) as Record<string, any>)['operator.tigera.io/v1/Installation'];

  test('each rule is a row of the operator\'s rules table, at the same file and lines at every operator tag, and checked here', () => {
    for (const id of OVERRIDE_RULE_IDS) {
      const row = inventory.find((r) => r.id === id);
      expect({ id, kind: row && ['rule', 'wrapper'].includes(row.kind) }).toEqual({ id, kind: true });
      expect({ id, releases: row!.releases }).toEqual({ id, releases: { 'v1.34.5': OVERRIDE_RULES[id], 'v1.36.16': OVERRIDE_RULES[id], 'v1.38.13': OVERRIDE_RULES[id], 'v1.40.15': OVERRIDE_RULES[id], 'v1.42.3': OVERRIDE_RULES[id] } });
      if (row!.kind === 'rule') expect({ id, covered: row!.calicoStack }).toEqual({ id, covered: expect.objectContaining({ check: id }) });
    }
  });

  test('every k8s.* and override.* row the operator can fail on is enforced here, but minReadySeconds (the CRD\'s minimum)', () => {
    const rows = inventory.filter((r) => /^(k8s|override)\./.test(r.id) && r.kind === 'rule').map((r) => r.id);
    expect(rows.filter((id) => !(OVERRIDE_RULE_IDS as readonly string[]).includes(id))).toEqual(['override.minReadySeconds']);
  });

  test('CRD_QUANTITY_PATTERN is the pattern the CRD gives every request and limit', () => {
    const patterns = new Set<string>();
    const walk = (node: any, key?: string): void => {
      if (!node || typeof node !== 'object') return;
      if ((key === 'limits' || key === 'requests') && node.additionalProperties?.pattern) patterns.add(node.additionalProperties.pattern);
      for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, k);
      walk(node.items);
    };
    walk(schema.properties.spec);
    expect([...patterns]).toEqual([CRD_QUANTITY_PATTERN.source]);
  });

  test('OVERRIDE_COMPONENTS has the parts each override\'s CRD has', () => {
    const spec = schema.properties.spec.properties;
    for (const field of VALIDATED_OVERRIDES) {
      const podSpec = spec[field].properties.spec.properties.template.properties.spec.properties;
      const deployment = ['strategy'].every((k) => k in spec[field].properties.spec.properties) && ['topologySpreadConstraints', 'terminationGracePeriodSeconds'].every((k) => k in podSpec);
      expect({ field, initContainers: 'initContainers' in podSpec, deployment }).toEqual({ field, initContainers: OVERRIDE_COMPONENTS[field].initContainers, deployment: OVERRIDE_COMPONENTS[field].deployment });
    }
  });

  test('APISERVER_OVERRIDE_COMPONENTS has the parts each APIServer override\'s CRD has', () => {
    const api = (JSON.parse(fs.readFileSync(path.join(ROOT, 'imports', 'crd-schemas.json'), 'utf8')) as Record<string, any>)['operator.tigera.io/v1/APIServer'].properties.spec.properties;
    const fields = Object.keys(api).filter((f) => api[f].properties?.spec?.properties?.template !== undefined);
    expect(Object.keys(APISERVER_OVERRIDE_COMPONENTS).sort()).toEqual(fields.sort());
    for (const [field, component] of Object.entries(APISERVER_OVERRIDE_COMPONENTS)) {
      const spec = api[field].properties.spec.properties;
      const podSpec = spec.template.properties.spec.properties;
      expect({ field, initContainers: 'initContainers' in podSpec, deployment: 'strategy' in spec && 'terminationGracePeriodSeconds' in podSpec, spread: 'topologySpreadConstraints' in podSpec })
        .toEqual({ field, initContainers: component.initContainers, deployment: component.deployment, spread: component.topologySpreadConstraints ?? component.deployment });
    }
  });
});
