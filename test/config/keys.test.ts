/**
 * Keys are keys: `__proto__`, `constructor` and `prototype` in any mapping of a cluster file (or of
 * the files it names) are rejected with their config path where such a key is not valid, or kept as
 * data where it is. Never dropped, never an internal error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { renderStack } from '../../src/lib/render/render';
import { toData } from '../../src/lib/common/yaml-data';
import { config, find, FIXTURES, K8sObject, load, messages, render, tempDir } from '../util';


/** A cluster file's text: the smallest valid one, with `calico` lines added. */
const withCalico = (...lines: string[]) => ['name: keys', 'platform: {cloud: baremetal, podSubnet: 10.244.0.0/16}', 'calico:', ...lines.map((l) => `  ${l}`), ''].join('\n');

const errorsOf = (text: string, files: Record<string, string> = {}) => messages(load(text, files).findings.filter((f) => f.severity === 'error'));

const LABEL_KEY_CHARS = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_KEY_ALLOWED = 'allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane';

describe('a node selector (label keys)', () => {
  test('fails when a label key is __proto__, naming it (it used to vanish and render {})', () => {
    expect(errorsOf(withCalico('controlPlaneNodeSelector: {__proto__: x}'))).toEqual([
      `calico.controlPlaneNodeSelector.__proto__: is not a valid label key: ${LABEL_KEY_CHARS} (got "__proto__"; ${LABEL_KEY_ALLOWED})`,
    ]);
  });

  test('keeps constructor, prototype and value as the label keys they are, in the rendered Installation', () => {
    const c = config(withCalico('controlPlaneNodeSelector: {constructor: y, prototype: z, value: v, node-role.kubernetes.io/infra: ""}'));
    const installation = find(render(c).calico, 'Installation', 'default');
    expect(Object.entries(installation.spec.controlPlaneNodeSelector)).toEqual([
      ['constructor', 'y'], ['node-role.kubernetes.io/infra', ''], ['prototype', 'z'], ['value', 'v'],
    ]);
  });

  test('writes those keys into the manifest file as a synth does', () => {
    const c = config(withCalico('controlPlaneNodeSelector: {constructor: y, value: v}'));
    const out = tempDir(Object.fromEntries(renderStack(c)));
    const docs = parseAllDocuments(fs.readFileSync(path.join(out, '0001-calico.k8s.yaml'), 'utf8')).map((d) => toData(d) as K8sObject);
    const installation = find(docs, 'Installation', 'default');
    expect(Object.entries(installation.spec.controlPlaneNodeSelector)).toEqual([['constructor', 'y'], ['value', 'v']]);
  });

  test('fails when a label key or value breaks the API server\'s rules, with its words', () => {
    expect(errorsOf(withCalico('controlPlaneNodeSelector: {"a/b/c": x, "": y, "Example.com/x": "two words", role: "' + 'v'.repeat(64) + '"}'))).toEqual([
      `calico.controlPlaneNodeSelector["a/b/c"]: is not a valid label key: a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName') (got "a/b/c"; ${LABEL_KEY_ALLOWED})`,
      `calico.controlPlaneNodeSelector[""]: is not a valid label key: name part must be non-empty (got ""; ${LABEL_KEY_ALLOWED})`,
      `calico.controlPlaneNodeSelector["Example.com/x"]: is not a valid label key: prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (got "Example.com/x"; ${LABEL_KEY_ALLOWED})`,
      'calico.controlPlaneNodeSelector["Example.com/x"]: is not a valid label value: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (got "two words"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra)',
      `calico.controlPlaneNodeSelector.role: is not a valid label value: must be no more than 63 characters (got "${'v'.repeat(64)}"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra)`,
    ]);
  });

  test('fails when the selector has more than 64 labels', () => {
    const labels = Array.from({ length: 65 }, (_, i) => `l${i}: x`).join(', ');
    expect(errorsOf(withCalico(`controlPlaneNodeSelector: {${labels}}`))).toEqual(['calico.controlPlaneNodeSelector: has 65 labels (allowed at most 64)']);
  });
});

describe('monitoring labels (prometheus-operator mode)', () => {
  const monitoring = (...lines: string[]) => ['name: keys', 'platform: {cloud: baremetal, podSubnet: 10.244.0.0/16}', 'monitoring:', '  mode: prometheus-operator', '  prometheusOperator:', ...lines.map((l) => `    ${l}`), ''].join('\n');
  const OURS = ['app.kubernetes.io/instance', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of'];

  test('writes matchLabels named constructor, prototype and value on the PodMonitors and the PrometheusRule (they failed the synth, or all but value vanished)', () => {
    const objects = render(config(monitoring('matchLabels: {constructor: a, value: b, prototype: c}'))).monitoring;
    for (const [kind, name] of [['PodMonitor', 'calico-stack-retina'], ['PrometheusRule', 'calico-stack']]) {
      expect(Object.entries(find(objects, kind, name).metadata.labels).filter(([k]) => !OURS.includes(k))).toEqual([['constructor', 'a'], ['prototype', 'c'], ['value', 'b']]);
    }
    expect(Object.keys(render(config(monitoring('matchLabels: {constructor: a}'))).monitoring.find((o) => o.kind === 'PodMonitor')!.metadata.labels)).toContain('constructor');
  });

  test('writes a dashboard label named constructor on the dashboard ConfigMaps', () => {
    const objects = render(config(monitoring('dashboardLabel: constructor'))).monitoring.filter((o) => o.kind === 'ConfigMap');
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(o.metadata.labels.constructor).toBe('1');
  });
});

describe('fixed keys', () => {
  test('fails when __proto__, constructor or prototype stand where a setting is expected, naming each', () => {
    const text = [
      '__proto__: {name: other}',
      'name: keys',
      'platform: {cloud: baremetal, podSubnet: 10.244.0.0/16, constructor: 1}',
      'calico:',
      '  ipPools: [{cidr: 10.244.0.0/16, prototype: 1}]',
      '  controlPlaneTolerations: [{operator: Exists, __proto__: {key: a}}]',
      '',
    ].join('\n');
    expect(errorsOf(text).map((m) => m.replace(/ \(allowed [^)]*\)/, ''))).toEqual([
      'platform.constructor: unknown key',
      'calico.ipPools[0].prototype: unknown key',
      'calico.controlPlaneTolerations[0].__proto__: unknown key',
      '__proto__: unknown key',
    ]);
  });

  test('reads a file whose values are named constructor and prototype like any other', () => {
    const c = config('name: constructor\nplatform: {cloud: baremetal, podSubnet: 10.244.0.0/16}\nmonitoring: {namespace: prototype}\n');
    expect([c.clusterName, c.monitoring?.monitoringNamespace]).toEqual(['constructor', 'prototype']);
  });
});

describe('calico.installation (Installation.spec fields, passed through)', () => {
  const UNKNOWN = "is not a field of the schema; the API server would drop it — see `kubectl explain installation.spec` for the fields of the release";

  test('fails when __proto__, constructor or prototype is a field, naming each at its path (it used to crash the whole run)', () => {
    expect(errorsOf(withCalico('installation:', '  __proto__: {controlPlaneReplicas: 1}', '  constructor: 1', '  prototype: 2'))).toEqual([
      `calico.installation.__proto__: ${UNKNOWN}`,
      `calico.installation.constructor: ${UNKNOWN}`,
      `calico.installation.prototype: ${UNKNOWN}`,
    ]);
    expect(errorsOf(withCalico('installation:', '  calicoNetwork: {__proto__: {hostPorts: Enabled}}'))).toEqual([
      `calico.installation.calicoNetwork.__proto__: ${UNKNOWN}`,
    ]);
  });

  test('the failing cluster fails alone: another cluster of the same run still renders', () => {
    expect(load(withCalico('installation: {__proto__: x}')).findings.filter((f) => f.severity === 'error')).toHaveLength(1);
    expect(Object.keys(render(config(withCalico('mtu: 1440'))))).toContain('calico');
  });

  test('keeps those names as the data they are in the free-form maps of a field (labels, annotations, a node selector)', () => {
    const { stack, findings } = load(withCalico(
      'installation:',
      '  calicoNodeDaemonSet:',
      '    metadata: {labels: {constructor: a, prototype: b}, annotations: {__proto__: c, constructor: d}}',
      '    spec: {template: {spec: {nodeSelector: {constructor: e, value: f}}}}',
    ));
    // __proto__ is data, and as an annotation key the operator refuses it (calico/override-rules.ts): named at its path.
    expect(messages(findings.filter((f) => f.severity === 'error'))).toEqual([
      `calico.installation.calicoNodeDaemonSet.metadata.annotations.__proto__: is not a valid annotation key: ${LABEL_KEY_CHARS}; the operator refuses the Installation (spec.CalicoNodeDaemonSet: metadata is invalid) (got "__proto__"; ${LABEL_KEY_ALLOWED}) — use a key such as example.com/note`,
    ]);
    const ds = stack!.calico.installation.resource.toJson().spec.calicoNodeDaemonSet;
    expect(Object.entries(ds.metadata.labels)).toEqual([['constructor', 'a'], ['prototype', 'b']]);
    expect(Object.entries(ds.metadata.annotations)).toEqual([['__proto__', 'c'], ['constructor', 'd']]);
    expect(Object.entries(ds.spec.template.spec.nodeSelector)).toEqual([['constructor', 'e'], ['value', 'f']]);
    // Without it, the Installation renders with the others as they are.
    const c = config(withCalico(
      'installation:',
      '  calicoNodeDaemonSet:',
      '    metadata: {labels: {constructor: a, prototype: b}, annotations: {constructor: d}}',
      '    spec: {template: {spec: {nodeSelector: {constructor: e, value: f}}}}',
    ));
    expect(Object.entries(find(render(c).calico, 'Installation', 'default').spec.calicoNodeDaemonSet.metadata.annotations)).toEqual([['constructor', 'd']]);
  });
});

describe('YAML that cannot become data', () => {
  test('fails when aliases multiply a document (a "billion laughs" file), instead of crashing', () => {
    const text = [
      'name: keys',
      'platform: {cloud: baremetal, podSubnet: 10.244.0.0/16}',
      'x: &a [a, a, a, a, a, a, a, a, a, a]',
      'y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'w: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    const [message] = errorsOf(text);
    expect(message).toMatch(/cluster\.yaml: cannot be read as data: Excessive alias count indicates a resource exhaustion attack$/);
  });

  test('fails when two keys of one mapping are the same text (1 and "1")', () => {
    const [message] = errorsOf(withCalico('controlPlaneNodeSelector: {1: a, "1": b}'));
    expect(message).toMatch(/cluster\.yaml: cannot be read as data: the keys 1 and "1" of one mapping are both "1"$/);
  });

  test('toData gives mappings without a prototype, every key an own property', () => {
    const data = toData(parseDocument('{__proto__: a, constructor: b, prototype: c}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBeNull();
    expect(Object.keys(data)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect([data.__proto__, data.constructor, data.prototype]).toEqual(['a', 'b', 'c']);
  });
});

describe('a kubeadm-config', () => {
  test('fails when networking exists only under a __proto__ key: it is a key, not the prototype', () => {
    const kubeadm = [
      'apiVersion: kubeadm.k8s.io/v1beta4',
      'kind: ClusterConfiguration',
      'constructor: {networking: {podSubnet: 10.8.0.0/16}}',
      '__proto__: {networking: {podSubnet: 10.9.0.0/16}}',
      '',
    ].join('\n');
    const text = 'name: keys\nplatform: {cloud: baremetal, kubeadmConfig: kubeadm.yaml}\n';
    expect(errorsOf(text, { 'kubeadm.yaml': kubeadm })[0]).toMatch(/^platform\.kubeadmConfig: has no networking\.podSubnet/);
  });
});

describe('a CRD bundle', () => {
  const mini = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
  // The Installation CRD with schema properties and a label whose names are special in JavaScript.
  const special = mini.split('\n---\n').map((doc) => (!doc.includes('  name: installations.operator.tigera.io\n') ? doc : doc.replace('          x-kubernetes-preserve-unknown-fields: true\n', [
    '          properties:',
    '            __proto__: {type: string}',
    '            constructor: {type: string}',
    '            value: {type: string}',
    '            prototype: {type: object, properties: {constructor: {type: integer}}}',
    '',
  ].join('\n')).replace('  name: installations.operator.tigera.io\n', '  name: installations.operator.tigera.io\n  labels: {constructor: x}\n'))).join('\n---\n');

  test('is written with every key of its schema, whatever its name', () => {
    expect(special).not.toBe(mini);
    const c = config(`name: keys\nplatform: {cloud: baremetal, podSubnet: 10.244.0.0/16}\ncalico: {version: v3.28.2, crds: crds.yaml, goldmane: false, whisker: false}\n`, { 'crds.yaml': special });
    const crd = find(render(c)['calico-crds'], 'CustomResourceDefinition', 'installations.operator.tigera.io');
    const schema = crd.spec.versions[0].schema.openAPIV3Schema;
    expect(Object.keys(schema.properties)).toEqual(['__proto__', 'constructor', 'prototype', 'value']);
    expect(Object.entries(schema.properties.prototype.properties)).toEqual([['constructor', { type: 'integer' }]]);
    expect(Object.entries(crd.metadata.labels)).toEqual([['constructor', 'x']]);
    expect(crd.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' });
  });
});
