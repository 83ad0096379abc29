/**
 * No password is ever rendered: not in the scenario (the shipped example) as synth writes it, not in
 * any render with every option.
 * Grafana reads its admin login from a Secret the user creates; calico-stack renders no Secret.
 */
import { allObjects, clusterDoc, config, K8sObject, parseObjects, render, renderToFolder, scenario } from '../util';

/** Well-known default passwords (Grafana's own default, kube-prometheus-stack ≤ 78.x). */
const WELL_KNOWN = ['admin', 'prom-operator', 'password', 'changeme'];
const SECRET_NAME = /PASSW(OR)?D|SECRET|TOKEN|API_?KEY/i;

/** Every place in the objects that looks like a literal credential, as `kind/name: where`. */
function literalCredentials(objects: readonly K8sObject[]): string[] {
  const found: string[] = [];
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata.name}`;
    if (o.kind === 'Secret' && (o.data || o.stringData)) found.push(`${where}: a Secret with data`);
    const visit = (value: unknown, at: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${at}[${i}]`));
      else if (value && typeof value === 'object') {
        const entry = value as Record<string, unknown>;
        if (typeof entry.name === 'string' && SECRET_NAME.test(entry.name) && 'value' in entry) found.push(`${where}: ${at} sets ${entry.name} to a literal`);
        for (const [k, v] of Object.entries(entry)) visit(v, `${at}.${k}`);
      } else if (typeof value === 'string') {
        if (/admin_password\s*=|GF_SECURITY_ADMIN_PASSWORD=/i.test(value)) found.push(`${where}: ${at} writes an admin password`);
        if (/password/i.test(at) && WELL_KNOWN.includes(value)) found.push(`${where}: ${at} is a well-known default password`);
      }
    };
    visit(o, '');
  }
  return found;
}

const { files: scenarioFiles } = renderToFolder(scenario());

test.each(Object.keys(scenarioFiles).filter((f) => f.endsWith('.k8s.yaml')))('the scenario\'s %s has no literal credential', (file) => {
  expect(literalCredentials(parseObjects(scenarioFiles[file]))).toEqual([]);
});

test('a render with every monitoring option has no literal credential and no Secret', () => {
  const objects = allObjects(render(config(clusterDoc({
    calico: { metrics: true },
    monitoring: { prometheus: { storage: { size: '5Gi' } }, grafana: { adminSecret: 'other' }, allowedSourceCidrs: ['192.0.2.0/24'] },
  }))));
  expect(literalCredentials(objects)).toEqual([]);
  expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
});

test('Grafana\'s admin user and password come from the Secret, never from a value', () => {
  const grafana = render(config(clusterDoc()))['monitoring'].find((o) => o.kind === 'Deployment' && o.metadata.name === 'grafana')!;
  const env = grafana.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: unknown }>;
  for (const name of ['GF_SECURITY_ADMIN_USER', 'GF_SECURITY_ADMIN_PASSWORD']) {
    const entry = env.find((e) => e.name === name)!;
    expect(entry.value).toBeUndefined();
    expect(entry.valueFrom).toEqual({ secretKeyRef: expect.objectContaining({ name: 'grafana-admin', optional: false }) });
  }
});

test('the scan finds literal credentials (it can fail)', () => {
  const bad: K8sObject[] = [
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'grafana' }, stringData: { 'admin-password': 'x' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'g' }, spec: { template: { spec: { containers: [{ env: [{ name: 'GF_SECURITY_ADMIN_PASSWORD', value: 'prom-operator' }] }] } } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ini' }, data: { 'grafana.ini': '[security]\nadmin_password = admin\n' } },
  ];
  expect(literalCredentials(bad)).toEqual([
    'Secret/grafana: a Secret with data',
    'Deployment/g: .spec.template.spec.containers[0].env[0] sets GF_SECURITY_ADMIN_PASSWORD to a literal',
    'ConfigMap/ini: .data.grafana.ini writes an admin password',
  ]);
});
