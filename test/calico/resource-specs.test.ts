/**
 * `calico.apiServer`, `calico.goldmane` and `calico.whisker` as objects (calico/resource-specs.ts): the
 * object renders the resource with its spec fields merged; the booleans render as before; the fields
 * are checked against the CRD, against the release, and (APIServer) with the operator's override
 * validation, each finding at its `calico.<key>.<path>` with the value and the fix.
 */
import { CalicoChart } from '../../src/lib/calico/calico-chart';
import { findingsOf } from '../../src/lib/common/checks';
import { clusterDoc, config, find, K8sObject, load, messages, render, testChart } from '../util';
import { schemaProblems } from '../schema-validator';

const objects = (calico: Record<string, unknown>): K8sObject[] => render(config(clusterDoc({ calico })))['calico'];
const errorsOf = (calico: Record<string, unknown>) => messages(load(clusterDoc({ calico })).findings.filter((f) => f.severity === 'error'));
const kinds = (list: readonly K8sObject[]) => list.map((o) => o.kind);

/** An APIServer Deployment override with one calico-apiserver container of `container`'s fields. */
const apiServerContainer = (container: Record<string, unknown>) => ({ apiServerDeployment: { spec: { template: { spec: { containers: [{ name: 'calico-apiserver', ...container }] } } } } });

describe('rendering', () => {
  test('an object renders the resource with its fields merged into the spec, as written', () => {
    const list = objects({
      apiServer: { apiServerDeployment: { spec: { template: { spec: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, containers: [{ name: 'calico-apiserver', resources: { requests: { memory: '128Mi', cpu: '100m' } } }] } } } } },
      goldmane: { goldmaneDeployment: { spec: { template: { spec: { terminationGracePeriodSeconds: 30 } } } } },
      whisker: { notifications: 'Disabled' },
    });
    expect(find(list, 'APIServer', 'default').spec).toEqual({
      apiServerDeployment: { spec: { template: { spec: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, containers: [{ name: 'calico-apiserver', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } } } },
    });
    expect(find(list, 'Goldmane', 'default').spec).toEqual({ goldmaneDeployment: { spec: { template: { spec: { terminationGracePeriodSeconds: 30 } } } } });
    expect(find(list, 'Whisker', 'default').spec).toEqual({ notifications: 'Disabled' });
    for (const o of list) expect(schemaProblems(o)).toEqual([]);
  });

  test('the operator\'s Whisker default is still rendered next to the fields that leave it out', () => {
    const whisker = find(objects({ whisker: { whiskerDeployment: { spec: { minReadySeconds: 5 } } } }), 'Whisker', 'default');
    expect(whisker.spec).toEqual({ notifications: 'Enabled', whiskerDeployment: { spec: { minReadySeconds: 5 } } });
  });

  test('an object means enabled: goldmane and whisker objects render them when another key or the release would not', () => {
    expect(kinds(objects({ apiServer: {} }))).toContain('APIServer');
    expect(find(objects({ apiServer: {} }), 'APIServer', 'default').spec).toEqual({});
    expect(kinds(objects({ goldmane: false, whisker: false }))).not.toContain('Goldmane');
    expect(kinds(objects({ goldmane: { metricsPort: 9094 }, whisker: false }))).toEqual(['Installation', 'APIServer', 'Goldmane']);
  });

  test('the booleans render as before: no object, the same objects', () => {
    const plain = objects({});
    expect(objects({ apiServer: true, goldmane: true, whisker: true })).toEqual(plain);
    expect(objects({ apiServer: {}, goldmane: {}, whisker: {} })).toEqual(plain);
    expect(kinds(objects({ apiServer: false }))).toEqual(['Installation', 'Goldmane', 'Whisker']);
  });

  test('a cdk8s app gives the same props: the chart exposes what it renders and the fields given', () => {
    const chart = new CalicoChart(testChart(), 'calico', { apiServer: { logging: { apiServer: { logSeverity: 'Debug' } } }, goldmane: false, whisker: false });
    expect([chart.apiServer, chart.goldmane, chart.whisker]).toEqual([true, false, false]);
    expect(chart.resourceSpecs).toEqual({ apiServer: { logging: { apiServer: { logSeverity: 'Debug' } } } });
    expect(findingsOf(chart)).toEqual([]);
    const apiServer = chart.node.children.find((c) => c.node.id === 'APIServer') as unknown as { toJson(): K8sObject };
    expect(apiServer.toJson().spec).toEqual({ logging: { apiServer: { logSeverity: 'Debug' } } });
  });
});

describe('checks, each naming calico.<key>.<path>, the value and the fix', () => {
  test('fails when a key is neither true, false nor a mapping', () => {
    expect(errorsOf({ goldmane: 'yes' })).toEqual(['calico.goldmane: expected true, false or a mapping of Goldmane.spec fields (got "yes")']);
    expect(errorsOf({ apiServer: ['apiServerDeployment'] })).toEqual(['calico.apiServer: expected true, false or a mapping of APIServer.spec fields (got ["apiServerDeployment"])']);
  });

  test('fails when a field is not in the CRD: did you mean', () => {
    expect(errorsOf({ whisker: { notification: 'Disabled' } })).toEqual([
      'calico.whisker.notification: is not a field of the schema; the API server would drop it — did you mean notifications?',
    ]);
    expect(errorsOf({ apiServer: { apiServerDeploymnet: {} } })).toEqual([
      'calico.apiServer.apiServerDeploymnet: is not a field of the schema; the API server would drop it — did you mean apiServerDeployment?',
    ]);
  });

  test('fails when a value breaks the CRD: a type, a minimum (Goldmane\'s overrides are the CRD\'s alone)', () => {
    expect(errorsOf({ whisker: { notifications: true } })).toEqual(['calico.whisker.notifications: must be a string (got true)']);
    expect(errorsOf({ goldmane: { goldmaneDeployment: { spec: { template: { spec: { terminationGracePeriodSeconds: -1 } } } } } })).toEqual([
      'calico.goldmane.goldmaneDeployment.spec.template.spec.terminationGracePeriodSeconds: is below the minimum (got -1; allowed at least 0)',
    ]);
  });

  test('fails when the APIServer\'s override breaks the operator\'s override validation: the same checks as the Installation\'s components', () => {
    expect(errorsOf({ apiServer: apiServerContainer({ resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } }) })).toEqual([
      'calico.apiServer.apiServerDeployment.spec.template.spec.containers[0].resources.requests.memory: must be less than or equal to memory limit; the operator refuses the APIServer (spec.APIServerDeployment: spec.Template.Spec.Containers["calico-apiserver"] is invalid) (got "2Gi"; allowed at most the limit, 1Gi) — lower the request or raise the limit',
    ]);
    expect(errorsOf({ apiServer: { apiServerDeployment: { spec: { template: { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'x' }] } } } } } })).toEqual([
      'calico.apiServer.apiServerDeployment.spec.template.spec.tolerations[0].value: value must be empty when `operator` is \'Exists\'; the operator refuses the APIServer (spec.APIServerDeployment: spec.Template.Spec.Tolerations is invalid) (got "x") — remove value, or use operator: Equal',
    ]);
  });

  test('fails when a field is not in the cluster\'s release, naming the release that introduced it', () => {
    expect(errorsOf({ version: 'v3.30.7', apiServer: { calicoWebhooksDeployment: { spec: { minReadySeconds: 5 } } } })).toEqual([
      'calico.apiServer.calicoWebhooksDeployment: needs Calico v3.32.1 or later, whose APIServer has spec.calicoWebhooksDeployment (this cluster uses v3.30.7) — choose calico.version v3.32.1 or later, or remove it',
    ]);
    expect(errorsOf({ version: 'v3.28.2', goldmane: { metricsPort: 9094 }, whisker: false })).toEqual([
      'calico.goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
  });

  test('fails when Whisker is given as an object and Goldmane is off, showing the object', () => {
    expect(errorsOf({ goldmane: false, whisker: { notifications: 'Enabled' } })).toEqual([
      'calico.whisker: Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker") (got {"notifications":"Enabled"}) — set calico.goldmane: true, or calico.whisker: false',
    ]);
  });

  test('the port names rule applies where the release\'s operator has it (v3.30.7 on); v3.28.2\'s APIServer has no ports', () => {
    const ports = apiServerContainer({ ports: [{ name: 'queryserver', containerPort: 5443 }] });
    expect(errorsOf({ version: 'v3.30.7', apiServer: ports })).toHaveLength(1);
    expect(errorsOf({ version: 'v3.28.2', apiServer: ports })).toEqual([
      'calico.apiServer.apiServerDeployment.spec.template.spec.containers[0].ports: needs Calico v3.30.7 or later, whose APIServer has spec.apiServerDeployment.spec.template.spec.containers.ports (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
  });
});
