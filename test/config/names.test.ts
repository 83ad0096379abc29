/**
 * Every user-supplied name, selector, image reference part, interface pattern and duration is
 * checked against the rules of the component that consumes it, and a finding quotes that component.
 */
import { selectorError } from '../../src/lib/calico/selector';
import { show } from '../../src/lib/common/findings';
import { clusterDoc, config, find, load, messages, render } from '../util';


const errorsOf = (doc: Record<string, unknown>) => messages(load(doc).findings.filter((f) => f.severity === 'error'));
const calico = (settings: Record<string, unknown>) => clusterDoc({ calico: settings });
const pool = (nodeSelector: string) => calico({ ipPools: [{ cidr: '10.244.0.0/16', nodeSelector }] });

describe('ipPools[].nodeSelector (Calico selector syntax)', () => {
  test.each([
    'all()', 'has(zone)', '!has(edge)', 'zone == "a"', "zone != 'a'", 'zone in {"a", "b"}', 'zone not in {}', 'rack contains "r1"',
    'name starts with "gpu-"', 'name ends with "-1"', '(zone == "a" || zone == "b") && !has(node-role.kubernetes.io/control-plane)', 'a in {"x",}',
  ])('accepts %s', (selector) => {
    expect(selectorError(selector)).toBeUndefined();
    expect(errorsOf(pool(selector))).toEqual([]);
  });

  test.each([
    ['all', 'unexpected end of string looking for op'],
    ['zone = "a"', 'expected =='],
    ['zone == a', 'expected string'],
    ['has(zone', "no closing ')' after has("],
    ['zone == "a', 'unterminated string'],
    ['zone in ("a")', 'expected set literal'],
    ['zone in {"a" "b"}', 'expected }'],
    ['zone is "a"', 'expected operator after label "zone"'],
    ['(has(a)', 'expected )'],
    ['has(a) has(b)', 'unexpected content at end of selector'],
    ['has(a) & has(b)', 'expected &&'],
    ['== "a"', 'unexpected token "=="'],
    [`${'('.repeat(101)}all()${')'.repeat(101)}`, 'parentheses nested more than 100 deep'],
  ])('fails when the selector is %s', (selector, problem) => {
    expect(errorsOf(pool(selector))).toEqual([
      `calico.ipPools[0].nodeSelector: is not a Calico selector: ${problem} (got ${show(selector)}; allowed a Calico selector such as all(), has(pool-a) or zone == "a" && !has(edge))`,
    ]);
  });

  test('fails when the selector uses global(), which Calico refuses on an IPPool', () => {
    expect(errorsOf(pool('global()'))).toEqual([
      'calico.ipPools[0].nodeSelector: global() selector is not valid for IPPool nodeSelector - use all() instead (got "global()"; allowed all() or a selector of node labels)',
    ]);
  });
});

describe('node address autodetection', () => {
  test('accepts interface patterns calico-node compiles, and renders them unchanged', () => {
    const c = config(calico({ nodeAddressAutodetectionV4: { interface: 'eth.*, ens[0-9]+' }, nodeAddressAutodetectionV6: { skipInterface: 'docker0' } }));
    const spec = find(render(c).calico, 'Installation', 'default').spec.calicoNetwork;
    expect(spec.nodeAddressAutodetectionV4).toEqual({ interface: 'eth.*, ens[0-9]+' });
    expect(spec.nodeAddressAutodetectionV6).toEqual({ skipInterface: 'docker0' });
  });

  test.each([
    ['interface', '(eth0', 'error parsing regexp: missing closing ): `(eth0`'],
    ['interface', 'eth0,ens(?=1)', 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['skipInterface', 'veth*+', 'error parsing regexp: invalid nested repetition operator: `*+`'],
  ])('fails when %s is %s, in Go\'s words', (key, text, problem) => {
    expect(errorsOf(calico({ nodeAddressAutodetectionV4: { [key]: text } }))).toEqual([
      `calico.nodeAddressAutodetectionV4.${key}: is not a list of Go regular expressions calico-node can compile: ${problem} (got ${JSON.stringify(text)}; allowed RE2 patterns separated by commas, such as eth.* or ens[0-9]+,eno1)`,
    ]);
  });

  test.each(['8.8.8.8', 'gateway.example.com'])('accepts canReach %s for IPv4', (canReach) => {
    expect(errorsOf(calico({ nodeAddressAutodetectionV4: { canReach } }))).toEqual([]);
  });

  test('fails when canReach is an address of the other family, or not a host at all', () => {
    expect(errorsOf(calico({ nodeAddressAutodetectionV4: { canReach: '2001:db8::1' }, nodeAddressAutodetectionV6: { canReach: 'http://x/' } }))).toEqual([
      'calico.nodeAddressAutodetectionV4.canReach: is an IPv6 address; calico-node dials it over IPv4 (udp4) (got "2001:db8::1"; allowed an IPv4 address or a host name calico-node can reach, such as 8.8.8.8)',
      'calico.nodeAddressAutodetectionV6.canReach: is neither an IP address nor a host name (got "http://x/"; allowed an IPv6 address or a host name calico-node can reach, such as 2001:4860:4860::8888)',
    ]);
  });
});

describe('image registry and path', () => {
  const REGISTRY_ALLOWED = 'allowed a host with an optional port and path, such as registry.example.com:5000/ or registry.example.com/mirror/, or UseDefault';

  test.each(['registry.example.com:5000', 'Registry.Example.com/mirror/', 'localhost:5000/', '[2001:db8::1]:5000/', 'myorg/'])('accepts registry %s', (registry) => {
    expect(errorsOf(calico({ registry }))).toEqual([]);
  });

  test('fails when the registry or the path would make a reference the container runtime rejects', () => {
    expect(errorsOf(calico({ registry: 'registry.example.com/Mirror//', imagePath: 'Calico' }))).toEqual([
      `calico.registry: is not a registry the container runtime can pull from: path component "Mirror" must be lowercase; has an empty path component (two "/" in a row) (got "registry.example.com/Mirror//"; ${REGISTRY_ALLOWED})`,
      'calico.imagePath: is not an image path the container runtime can pull from: path component "Calico" must be lowercase (got "Calico"; allowed lowercase path components separated by "/", such as calico or mirror/calico, or UseDefault)',
    ]);
    expect(errorsOf(calico({ registry: 'registry_1.example.com:port/' }))).toEqual([
      `calico.registry: is not a registry the container runtime can pull from: "registry_1.example.com:port" is not a registry host: letters, digits and "-" in "."-separated parts, then an optional ":port" (got "registry_1.example.com:port/"; ${REGISTRY_ALLOWED})`,
    ]);
    expect(errorsOf(calico({ registry: 'my registry/' }))).toEqual([
      `calico.registry: is not a registry the container runtime can pull from: path component "my registry" is not lowercase letters and digits separated by ".", "_", "__" or "-" (got "my registry/"; ${REGISTRY_ALLOWED})`,
    ]);
  });

  test('UseDefault (the operator\'s keyword) leaves the default in place', () => {
    const c = config(calico({ registry: 'UseDefault', imagePath: 'UseDefault' }));
    const rendered = render(c);
    const installation = find(rendered.calico, 'Installation', 'default');
    expect(installation.spec.registry).toBeUndefined();
    expect(installation.spec.imagePath).toBeUndefined();
    expect(find(rendered['tigera-operator'], 'Deployment', 'tigera-operator').spec.template.spec.containers[0].image).toBe('quay.io/tigera/operator:v1.42.3');
  });
});

describe('controlPlaneTolerations (the API server\'s toleration rules)', () => {
  test('accepts the usual forms', () => {
    expect(errorsOf(calico({ controlPlaneTolerations: [
      { operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'infra', effect: 'NoExecute', tolerationSeconds: 30 },
    ] }))).toEqual([]);
  });

  test('fails on each rule, in the API server\'s words', () => {
    expect(errorsOf(calico({ controlPlaneTolerations: [
      { key: 'bad key', operator: 'Exists' },
      { operator: 'Equal', value: 'x' },
      { key: 'k', operator: 'Exists', value: 'v', tolerationSeconds: 10, effect: 'NoSchedule' },
      { key: 'k', value: 'not valid!' },
    ] }))).toEqual([
      'calico.controlPlaneTolerations[0].key: is not a valid taint key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (got "bad key"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane)',
      'calico.controlPlaneTolerations[1].operator: operator must be Exists when `key` is empty, which means "match all values and all keys" (got "Equal"; allowed Exists, or set key)',
      'calico.controlPlaneTolerations[2].effect: effect must be \'NoExecute\' when `tolerationSeconds` is set (got "NoSchedule"; allowed NoExecute)',
      'calico.controlPlaneTolerations[2].value: value must be empty when `operator` is \'Exists\' (got "v") — remove value, or use operator: Equal',
      'calico.controlPlaneTolerations[3].value: is not a valid taint value: a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (got "not valid!"; allowed empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra)',
    ]);
  });
});

describe('other names', () => {
  test('fails when the Argo CD project or the StorageClass is not an object name', () => {
    expect(errorsOf(clusterDoc({
      gitops: { argocd: { enabled: true, repoURL: 'https://git.example.com/r.git', project: 'My Project' } },
      monitoring: { prometheus: { storage: { storageClass: 'GP3' } } },
    }))).toEqual([
      'gitops.argocd.project: is not a valid object name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "My Project"; allowed at most 253 characters, e.g. example.com or my-name)',
      'monitoring.prometheus.storage.storageClass: is not a valid StorageClass name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "GP3"; allowed empty for the default class, or at most 253 characters, e.g. gp3)',
    ]);
  });

  test('accepts an empty storageClass (the cluster\'s default class)', () => {
    expect(errorsOf(clusterDoc({ monitoring: { prometheus: { storage: { storageClass: '' } } } }))).toEqual([]);
  });

  test('fails when a namespace has dots, in the API server\'s words', () => {
    expect(errorsOf(clusterDoc({ monitoring: { namespace: 'monitoring.example' } }))).toEqual([
      'monitoring.namespace: is not a valid DNS label: must not contain dots (got "monitoring.example"; allowed at most 63 characters, e.g. my-name or 123-abc)',
    ]);
  });
});

describe('durations', () => {
  test('fails when a duration is longer than Go or Prometheus can hold', () => {
    expect(errorsOf(clusterDoc({ retina: { metricsInterval: '2562048h' }, monitoring: { prometheus: { retention: '293y' } } }))).toEqual([
      'retina.metricsInterval: is longer than the longest duration Go can hold (about 292 years) (got "2562048h"; allowed a duration such as 10s, 1m or 1m30s)',
      'monitoring.prometheus.retention: is longer than the longest duration Prometheus can hold (about 292 years) (got "293y"; allowed a duration such as 15d, 2w or 1y)',
    ]);
  });

  test('accepts the longest ones they hold', () => {
    expect(errorsOf(clusterDoc({ retina: { metricsInterval: '2562047h' }, monitoring: { prometheus: { retention: '292y' } } }))).toEqual([]);
  });
});
