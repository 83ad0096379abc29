/**
 * `npm run plan`'s "Steps a manifest cannot take": every step the rendered cluster needs by hand, in
 * order, each with its command and the object that needs it, derived from the rendered objects
 * (Secrets they reference that nothing renders, node labels their selectors need, ...) and the stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadAndCheck, renderCluster } from '../../src/app/cli/clusters';
import { plan } from '../../src/app/cli/plan';
import { readRepositorySettings, RepositorySettings } from '../../src/app/config/repository-settings';
import { OutputDirectory } from '../../src/app/output/output-directory';
import { formatManualSteps, ManualStep, manualSteps, StepPhase, stepWhen } from '../../src/app/plan/manual-steps';
import { calicoSelectorLabels, objectReferences } from '../../src/app/plan/references';
import { DISABLE_KUBE_PROXY_BY_HAND } from '../../src/app/plan/kube-proxy';
import { KubeConfigMap, KubeDeployment, KubeSecret } from '../../src/lib/k8s';
import { clusterDoc, config, ROOT, scenario, tempDir } from '../util';

const KUBEADM = 'start from a cluster with no CNI yet: created with kubeadm init --pod-network-cidr=10.244.0.0/16, its nodes NotReady, no other CNI\'s configuration in /etc/cni/net.d on any node (remove another CNI first)';
const GRAFANA_ADMIN = 'kubectl -n monitoring create secret generic grafana-admin --from-literal=admin-user=<admin-user> --from-literal=admin-password=<admin-password>';

/** The steps whose action starts with `create Secret`. */
const secretSteps = (steps: readonly ManualStep[]) => steps.filter((s) => s.action.startsWith('create Secret'));
const commands = (steps: readonly ManualStep[]) => steps.flatMap((s) => s.commands);

describe('the default cluster', () => {
  const stack = config(clusterDoc());
  const steps = manualSteps(stack);

  test('the whole list: the cluster without a CNI before apply, the grafana-admin Secret once its namespace exists', () => {
    expect(formatManualSteps(steps)).toBe([
      `  1. [before apply] ${KUBEADM}`,
      '       kubectl get nodes',
      '       why: Installation default in 0001-calico.k8s.yaml makes Calico the cluster\'s CNI (spec.cni.type Calico) with pod addresses from 10.244.0.0/16: a CNI already there would fight it over the pods\' networking, and kubeadm\'s pod network CIDR must hold the pools',
      '  2. [after 0003-monitoring.k8s.yaml] create Secret monitoring/grafana-admin, keys admin-user and admin-password, once 0003-monitoring.k8s.yaml has created namespace monitoring (or after kubectl create namespace monitoring); never commit it',
      `       ${GRAFANA_ADMIN}`,
      '       why: Deployment monitoring/grafana in 0003-monitoring.k8s.yaml (containers[grafana].env[GF_SECURITY_ADMIN_USER], containers[grafana].env[GF_SECURITY_ADMIN_PASSWORD]) reads it: its pods wait in CreateContainerConfigError until it exists; no rendered object creates it',
    ].join('\n'));
  });

  test('the grafana-admin step: after the file that creates namespace monitoring, with its exact command', () => {
    expect(secretSteps(steps)).toEqual([expect.objectContaining({ phase: StepPhase.AFTER_FILE, after: '0003-monitoring.k8s.yaml', commands: [GRAFANA_ADMIN] })]);
  });

  test('the Secret is the one the Deployment references: monitoring.grafana.adminSecret renames it, monitoring.namespace moves it', () => {
    const renamed = manualSteps(config(clusterDoc({ monitoring: { namespace: 'observability', grafana: { adminSecret: 'ops-grafana' } } })));
    expect(commands(secretSteps(renamed))).toEqual([
      'kubectl -n observability create secret generic ops-grafana --from-literal=admin-user=<admin-user> --from-literal=admin-password=<admin-password>',
    ]);
  });
});

describe('Secrets', () => {
  test('a BGP peer password: the Secret in calico-system, once the operator has created it, with every peer\'s key and no password', () => {
    const stack = config(parse(fs.readFileSync(path.join(ROOT, 'clusters', 'baremetal-bgp.yaml'), 'utf8')));
    const bgp = secretSteps(manualSteps(stack)).find((s) => s.action.includes('bgp-passwords'))!;
    expect(bgp).toEqual({
      phase: StepPhase.AFTER_FILE,
      after: '0001-calico.k8s.yaml',
      action: 'create Secret calico-system/bgp-passwords, keys rack-a-tor and rack-b-tor, once the operator has created namespace calico-system for Installation default in 0001-calico.k8s.yaml; never commit it',
      commands: ['kubectl -n calico-system create secret generic bgp-passwords --from-literal=rack-a-tor=<rack-a-tor> --from-literal=rack-b-tor=<rack-b-tor>'],
      why: 'BGPPeer rack-a-tor in 0002-calico-api.k8s.yaml (spec.password), BGPPeer rack-b-tor in 0002-calico-api.k8s.yaml (spec.password) read it: calico-node takes the BGP password from it, and the session stays down until it exists; no rendered object creates it',
    });
  });

  test('without monitoring, or with kube-prometheus-stack\'s Grafana, there is no grafana-admin step', () => {
    for (const monitoring of [{ enabled: false }, { mode: 'prometheus-operator' }]) {
      const steps = manualSteps(config(clusterDoc({ monitoring })));
      expect(secretSteps(steps)).toEqual([]);
      expect(commands(steps).join('\n')).not.toContain('grafana-admin');
    }
  });

  test('derived from the render: a rendered object that references a Secret or ConfigMap nothing renders is listed, with its keys and its reader', () => {
    const stack = config(clusterDoc());
    new KubeDeployment(stack.monitoring!, 'Extra', {
      metadata: { name: 'extra', namespace: 'monitoring' },
      spec: {
        selector: { matchLabels: { app: 'extra' } },
        template: {
          metadata: { labels: { app: 'extra' } },
          spec: {
            imagePullSecrets: [{ name: 'registry-login' }],
            containers: [{
              name: 'main',
              image: 'registry.example.com/extra:1',
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'extra-token', key: 'token' } } }],
              envFrom: [{ configMapRef: { name: 'extra-settings' } }],
            }],
            volumes: [
              { name: 'tls', secret: { secretName: 'extra-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] } },
              { name: 'bundle', projected: { sources: [{ secret: { name: 'extra-token', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } },
            ],
          },
        },
      },
    });
    const steps = manualSteps(stack).filter((s) => s.why.includes('Deployment monitoring/extra'));
    expect(steps.map((s) => [stepWhen(s), ...s.commands])).toEqual([
      ['after 0003-monitoring.k8s.yaml', 'kubectl -n monitoring create secret generic extra-token --from-literal=token=<token> --from-literal=ca.crt=<ca.crt>'],
      ['after 0003-monitoring.k8s.yaml', 'kubectl -n monitoring create configmap extra-settings --from-literal=<key>=<value>'],
      ['after 0003-monitoring.k8s.yaml', 'kubectl -n monitoring create secret docker-registry registry-login --docker-server=<registry> --docker-username=<username> --docker-password=<password>'],
      ['after 0003-monitoring.k8s.yaml', 'kubectl -n monitoring create secret tls extra-tls --cert=<tls.crt file> --key=<tls.key file>'],
    ]);
    expect(steps[0].why).toBe('Deployment monitoring/extra in 0003-monitoring.k8s.yaml (containers[main].env[TOKEN]) reads it: its pods wait in CreateContainerConfigError until it exists; '
      + 'Deployment monitoring/extra in 0003-monitoring.k8s.yaml (volumes[bundle].projected.sources[0]) reads it: its pods wait in ContainerCreating (FailedMount) until it exists; no rendered object creates it');
    expect(steps[1].action).toBe('create ConfigMap monitoring/extra-settings, the keys its readers expect, once 0003-monitoring.k8s.yaml has created namespace monitoring (or after kubectl create namespace monitoring)');
  });

  test('a Secret that is rendered is not listed, nor an optional reference; one of the same name in another namespace is no help', () => {
    const stack = config(clusterDoc());
    new KubeSecret(stack.monitoring!, 'Admin', { metadata: { name: 'grafana-admin', namespace: 'monitoring' }, stringData: { 'admin-user': 'admin' } });
    new KubeConfigMap(stack.monitoring!, 'Settings', { metadata: { name: 'extra-settings', namespace: 'kube-system' } });
    new KubeDeployment(stack.monitoring!, 'Extra', {
      metadata: { name: 'extra', namespace: 'monitoring' },
      spec: {
        selector: { matchLabels: { app: 'extra' } },
        template: {
          metadata: { labels: { app: 'extra' } },
          spec: {
            containers: [{
              name: 'main',
              image: 'example.com/extra:1',
              env: [{ name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'maybe', key: 'k', optional: true } } }],
              envFrom: [{ configMapRef: { name: 'extra-settings' } }, { secretRef: { name: 'grafana-admin' } }],
            }],
          },
        },
      },
    });
    const steps = manualSteps(stack);
    expect(steps.map((s) => s.action.split(',')[0]).filter((a) => a.startsWith('create'))).toEqual(['create ConfigMap monitoring/extra-settings']);
  });

  test('a referenced namespace nothing creates: before apply, and the step says it must exist', () => {
    const stack = config(clusterDoc());
    new KubeDeployment(stack.monitoring!, 'Elsewhere', {
      metadata: { name: 'elsewhere', namespace: 'team-a' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'main', image: 'example.com/x:1', envFrom: [{ secretRef: { name: 'team-a-env' } }] }] } },
      },
    });
    const step = manualSteps(stack).find((s) => s.action.includes('team-a-env'))!;
    expect([stepWhen(step), step.action, ...step.commands]).toEqual([
      'before apply',
      'create Secret team-a/team-a-env, the keys its readers expect (namespace team-a must exist: nothing rendered creates it); never commit it',
      'kubectl -n team-a create secret generic team-a-env --from-literal=<key>=<value>',
    ]);
  });

  test('the Installation\'s imagePullSecrets: one registry login in tigera-operator, read by the operator\'s ServiceAccount and the Installation', () => {
    const step = secretSteps(manualSteps(config(clusterDoc({ calico: { imagePullSecrets: ['regcred'] } })))).find((s) => s.action.includes('regcred'))!;
    expect([stepWhen(step), ...step.commands]).toEqual([
      'after 0000-tigera-operator.k8s.yaml',
      'kubectl -n tigera-operator create secret docker-registry regcred --docker-server=<registry> --docker-username=<username> --docker-password=<password>',
    ]);
    expect(step.why).toBe('ServiceAccount tigera-operator/tigera-operator in 0000-tigera-operator.k8s.yaml (imagePullSecrets), Installation default in 0001-calico.k8s.yaml (spec.imagePullSecrets) read it: '
      + 'images from a registry that needs a login fail to pull (ImagePullBackOff) without it; no rendered object creates it');
  });

  test('no value anywhere: every value in a command is a <placeholder>', () => {
    const all = [scenario(), config(clusterDoc({ calico: { imagePullSecrets: ['regcred'], bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, password: { secretKeyRef: { name: 'bgp', key: 'tor' } } }] } }))]
      .flatMap((s) => commands(manualSteps(s))).filter((c) => c.includes('create secret'));
    expect(all.length).toBeGreaterThan(0);
    for (const c of all) {
      for (const [, value] of c.matchAll(/--(?:from-literal=[^=\s]+|docker-\w+|cert|key)=(\S+)/g)) expect(value).toMatch(/^<[^>]+>$/);
    }
  });
});

describe('node labels and annotations', () => {
  test('pools, BGP peers and pods: one step per selector, with the labels to set; well-known labels and all() need none', () => {
    const stack = config(clusterDoc({
      calico: {
        ipPools: [{ name: 'gpu', cidr: '10.244.0.0/16', nodeSelector: "zone == 'x' && has(gpu)" }],
        bgpPeers: [
          { name: 'tor-a', peerIP: '192.0.2.1', asNumber: 65001, nodeSelector: "rack == 'a'" },
          { name: 'spines', nodeSelector: "rack == 'a'", peerSelector: 'has(spine)' },
          { name: 'everyone', peerIP: '192.0.2.9', asNumber: 65001, nodeSelector: 'all()' },
        ],
      },
    }));
    new KubeDeployment(stack.monitoring!, 'Pinned', {
      metadata: { name: 'pinned', namespace: 'monitoring' },
      spec: {
        selector: { matchLabels: { app: 'p' } },
        template: { metadata: { labels: { app: 'p' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux', 'disktype': 'ssd' }, containers: [{ name: 'main', image: 'example.com/p:1' }] } },
      },
    });
    const labels = manualSteps(stack).filter((s) => s.action.startsWith('label'));
    expect(labels.map((s) => [s.action, ...s.commands, s.why])).toEqual([
      ["label the nodes that must match zone == 'x' && has(gpu)", 'kubectl label node <node> zone=x gpu=<value>',
        'Installation default in 0001-calico.k8s.yaml selects nodes by spec.calicoNetwork.ipPools[gpu].nodeSelector: only the nodes it selects get pod addresses from pool gpu'],
      ["label the nodes that must match rack == 'a'", 'kubectl label node <node> rack=a',
        'BGPPeer tor-a in 0002-calico-api.k8s.yaml selects nodes by spec.nodeSelector: the nodes it selects peer with 192.0.2.1; a node without the label has no session with it; '
        + 'BGPPeer spines in 0002-calico-api.k8s.yaml selects nodes by spec.nodeSelector: the nodes it selects peer with the nodes its peerSelector selects; a node without the label has no session with it'],
      ['label the nodes that must match has(spine)', 'kubectl label node <node> spine=<value>',
        'BGPPeer spines in 0002-calico-api.k8s.yaml selects nodes by spec.peerSelector: the nodes it selects are the peers of the nodes it applies to; a node without the label is not one of them'],
      ['label the nodes that must match disktype=ssd', 'kubectl label node <node> disktype=ssd',
        'Deployment monitoring/pinned in 0004-monitoring.k8s.yaml selects nodes by nodeSelector: the pods it schedules there stay Pending until a node carries it'],
    ]);
    expect(labels.every((s) => s.phase === StepPhase.BEFORE)).toBe(true);
  });

  test('route reflectors: the label BGPPeer route-reflectors selects them by, then the cluster ID annotation', () => {
    const steps = manualSteps(config(clusterDoc({ calico: { routeReflectors: { clusterID: '244.0.0.9' } } })));
    const i = steps.findIndex((s) => s.action.startsWith('label'));
    expect(steps.slice(i, i + 2).map((s) => s.commands)).toEqual([
      ['kubectl label node <node> route-reflector=true'],
      ['kubectl annotate node <node> projectcalico.org/RouteReflectorClusterID=244.0.0.9'],
    ]);
    expect(steps[i].why).toContain('BGPPeer route-reflectors in 0002-calico-api.k8s.yaml selects nodes by spec.peerSelector');
  });

  test('a Calico selector: the labels of its && terms; none for all(), !all() and negations; unknown when too complex', () => {
    expect(calicoSelectorLabels("rack == 'a'")).toEqual(['rack=a']);
    expect(calicoSelectorLabels('has(rr) && zone == "x" && !has(old) && tier != \'db\'')).toEqual(['rr=<value>', 'zone=x']);
    expect(calicoSelectorLabels("rack in {'a'}")).toEqual(['rack=a']);
    expect(calicoSelectorLabels("rack in {'a', 'b'}")).toEqual(['rack=<a|b>']);
    for (const none of ['all()', ' all() ', '!all()', '!has(x)', "x != 'y'"]) expect(calicoSelectorLabels(none)).toBeUndefined();
    for (const complex of ["a == 'b' || c == 'd'", "(a == 'b')", "a starts with 'x'"]) expect(calicoSelectorLabels(complex)).toBeNull();
  });
});

describe('the rest of what needs a human', () => {
  test('kube-proxy: disabled by hand on v3.30.7 with BPF, checked where the operator disables it, nftables mode with Nftables, nothing with Iptables', () => {
    const kubeProxy = (calico: Record<string, unknown>, platform: Record<string, unknown> = {}) => manualSteps(config(clusterDoc({ calico, platform })))
      .filter((s) => s.action.includes('kube-proxy')).map((s) => [stepWhen(s), s.action, ...s.commands]);
    expect(kubeProxy({ version: 'v3.30.7', linuxDataplane: 'BPF' }, { apiServerEndpoint: '10.0.0.10:6443' })).toEqual([
      ['after apply', 'disable kube-proxy once calico-node runs BPF (kubectl get tigerastatus calico: Available)', DISABLE_KUBE_PROXY_BY_HAND],
    ]);
    expect(kubeProxy({ linuxDataplane: 'BPF' })).toEqual([[
      'after apply', 'check that the operator has disabled kube-proxy (the DaemonSet\'s nodeSelector holds operator.tigera.io/disable-kube-proxy: "true"); if it has not, disable it by hand',
      'kubectl -n kube-system get daemonset kube-proxy -o jsonpath=\'{.spec.template.spec.nodeSelector}\'', DISABLE_KUBE_PROXY_BY_HAND,
    ]]);
    expect(kubeProxy({ linuxDataplane: 'Nftables' })).toEqual([[
      'before apply', 'run kube-proxy in nftables mode (kubeadm: mode: nftables in its KubeProxyConfiguration, ConfigMap kube-system/kube-proxy)',
      'kubectl -n kube-system get configmap kube-proxy -o jsonpath=\'{.data.config\\.conf}\' | grep \'^mode\'',
    ]]);
    expect(kubeProxy({})).toEqual([]);
  });

  test('WireGuard and the dataplane\'s kernel, the StorageClass of Prometheus\' claim, kube-prometheus-stack first', () => {
    const actions = (doc: Record<string, unknown>) => manualSteps(config(clusterDoc(doc))).map((s) => s.action);
    expect(actions({ calico: { wireguard: true } })).toContain('check that every node\'s kernel has WireGuard (built in from Linux 5.6; older kernels need the wireguard module)');
    expect(actions({ calico: { linuxDataplane: 'Nftables' } })).toContain('check that every node runs Linux 5.13 or later with nft 1.0.1 or later');
    expect(actions({ monitoring: { prometheus: { storage: { size: '20Gi', storageClass: 'gp3' } } } })).toContain('check that StorageClass gp3 exists');
    expect(actions({ monitoring: { prometheus: { storage: { size: '20Gi' } } } })).toContain('check that the cluster has a default StorageClass (kubeadm installs none; one is marked "(default)")');
    expect(actions({ monitoring: { mode: 'prometheus-operator' } })).toContain('install kube-prometheus-stack first');
    expect(actions({}).filter((a) => a.startsWith('check'))).toEqual([]);
  });

  test('GitOps: the Argo CD Application and the Flux Kustomizations are applied once by hand, and the Flux source is bootstrap\'s', () => {
    const steps = manualSteps(scenario()).filter((s) => s.phase === StepPhase.APPLY);
    expect(steps.map((s) => s.commands)).toEqual([
      ['kubectl apply -f dist/kans-homelab/argocd/application.yaml'],
      ['kubectl apply -f dist/kans-homelab/flux/sync.yaml'],
    ]);
    expect(steps[0].why).toContain('read https://github.com/example/gitops.git');
    expect(steps[1].why).toContain('read GitRepository flux-system/flux-system, which nothing rendered creates (flux bootstrap does)');
    expect(manualSteps(scenario(), { folder: 'out/lab' })[1].commands).toEqual(['kubectl apply -f out/lab/argocd/application.yaml']);
  });

  test('one ordered list: before apply, the apply, after each file in file order, after apply', () => {
    const steps = manualSteps(config(clusterDoc({
      calico: { version: 'v3.30.7', linuxDataplane: 'BPF', imagePullSecrets: ['regcred'], bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, password: { secretKeyRef: { name: 'bgp', key: 'tor' } } }] },
      platform: { apiServerEndpoint: '10.0.0.10:6443' },
      gitops: { flux: { enabled: true } },
    })));
    expect(steps.map(stepWhen)).toEqual([
      'before apply', 'before apply', 'apply', 'after 0000-tigera-operator.k8s.yaml', 'after 0001-calico.k8s.yaml', 'after 0004-monitoring.k8s.yaml', 'after apply',
    ]);
  });
});

test('npm run plan prints the steps, numbered, for a cluster without errors', () => {
  const dir = tempDir({ 'clusters/a.yaml': JSON.stringify(clusterDoc({ name: 'alpha' })), 'clusters/b.yaml': JSON.stringify(clusterDoc({ name: 'beta', platform: { cloud: 'azure' } })) });
  const written: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return OutputDirectory.open(path.join(dir, 'dist')).then((out) => {
    try {
      expect(plan([path.join(dir, 'clusters/a.yaml')], out, { root: out.root })).toBe(0);
      const text = written.join('');
      expect(text).toContain('\nSteps a manifest cannot take (do them by hand, in this order):\n  1. [before apply] start from a cluster with no CNI yet');
      expect(text).toContain(`  2. [after 0003-monitoring.k8s.yaml] create Secret monitoring/grafana-admin`);
      expect(text).toContain(`       ${GRAFANA_ADMIN}\n`);
      written.length = 0;
      // A cluster with errors cannot be rendered: its plan lists its findings, and no steps.
      expect(plan([path.join(dir, 'clusters/b.yaml')], out, { root: out.root })).toBe(1);
      expect(written.join('')).not.toContain('Steps a manifest cannot take');
    } finally {
      spy.mockRestore();
      out.close();
    }
  });
});

describe('brought Typha and Felix certificates (calico.typhaCertificates: byo)', () => {
  const step = (calico: Record<string, unknown>) => manualSteps(config(clusterDoc({ calico }))).filter((s) => s.action.includes('Typha and Felix certificates'));

  test('one step before apply: the namespace, then both Secrets and the ConfigMap, with every key the operator reads and no value', () => {
    const steps = step({ typhaCertificates: 'byo' });
    expect(steps).toHaveLength(1);
    expect(stepWhen(steps[0])).toBe('before apply');
    expect(steps[0].commands).toEqual([
      'kubectl create namespace tigera-operator --dry-run=client -o yaml | kubectl apply -f -',
      'kubectl -n tigera-operator create secret generic node-certs --from-file=tls.crt=<certificate file> --from-file=tls.key=<private key file> --from-literal=common-name=<common name>',
      'kubectl -n tigera-operator create secret generic typha-certs --from-file=tls.crt=<certificate file> --from-file=tls.key=<private key file> --from-literal=common-name=<common name>',
      'kubectl -n tigera-operator create configmap typha-ca --from-file=caBundle=<CA certificate file>',
    ]);
    expect(steps[0].action).toBe('create the Typha and Felix certificates the operator reads by name, before the Installation is applied: '
      + 'Secret tigera-operator/node-certs (Felix\'s client certificate (calico-node), which Typha checks; keys tls.crt, tls.key, common-name, uri-san (optional)); '
      + 'Secret tigera-operator/typha-certs (Typha\'s server certificate, which Felix checks; keys tls.crt, tls.key, common-name, uri-san (optional)); '
      + 'ConfigMap tigera-operator/typha-ca (the CA bundle that signed both certificates, which Felix and Typha trust; keys caBundle); '
      + 'common-name is the certificate\'s subject CN (the operator\'s own: typha-client for node-certs, typha-server for typha-certs); '
      + 'add uri-san (--from-literal=uri-san=<URI SAN>) where the certificate is checked by its URI SAN instead; never commit the Secrets');
    expect(steps[0].why).toContain('Installation default in 0001-calico.k8s.yaml makes the operator look these names up');
    expect(steps[0].why).toContain('"CertPair for Felix does not contain common-name or uri-san"');
  });

  test('listed before the steps of files applied later; none when the operator makes the certificates', () => {
    const all = manualSteps(config(clusterDoc({ calico: { typhaCertificates: 'byo' } })));
    const byo = all.findIndex((s) => s.action.includes('Typha and Felix certificates'));
    const grafana = all.findIndex((s) => s.action.startsWith('create Secret monitoring/grafana-admin'));
    expect(byo).toBeGreaterThanOrEqual(0);
    expect(byo).toBeLessThan(grafana);
    expect(step({})).toEqual([]);
    expect(step({ typhaCertificates: 'operator' })).toEqual([]);
  });

  test('no value in the commands: every file and value is a <placeholder>', () => {
    for (const c of step({ typhaCertificates: 'byo' })[0].commands.slice(1)) {
      const values = [...c.matchAll(/--from-(?:file|literal)=[^=\s]+=(<[^>]*>|\S+)/g)].map((m) => m[1]);
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) expect(value).toMatch(/^<[^>]+>$/);
    }
  });
});

test('a Flux Kustomization reconciling into another cluster reads its kubeConfig Secret by `key`, else by `value` (fluxcd/pkg impersonator.go)', () => {
  const kustomization = (name: string, secretRef: Record<string, unknown>) => ({
    file: 'flux/sync.yaml', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name, namespace: 'flux-system',
    body: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec: { kubeConfig: { secretRef } } },
  });
  const refs = objectReferences([kustomization('a', { name: 'a-kubeconfig' }), kustomization('b', { name: 'b-kubeconfig', key: 'config' })]);
  expect(refs.map((r) => [r.name, r.keys])).toEqual([['a-kubeconfig', ['value']], ['b-kubeconfig', ['config']]]);
});

/** The manual steps of a cluster file loaded with the repository's settings (a fleet member's render). */
function planSteps(file: string, settings: RepositorySettings | undefined): ManualStep[] {
  const { stack, membership } = loadAndCheck(file, settings);
  return manualSteps(stack!, { files: renderCluster(stack!, membership) });
}

test('a Flux fleet member\'s kubeconfig Secret is a step on the hub, with a kubeconfig file under the key, not a Secret of this cluster', () => {
  const dir = tempDir({
    'calico-stack.yaml': 'fleet:\n  flux: { enabled: true }\n',
    'clusters/a.yaml': stringify(clusterDoc({ name: 'alpha', gitops: { flux: { enabled: true } } })),
  });
  const settings = readRepositorySettings(path.join(dir, 'calico-stack.yaml'));
  const steps = planSteps(path.join(dir, 'clusters/a.yaml'), settings);
  const secret = steps.filter((s) => s.action.includes('alpha-kubeconfig'));
  expect(secret).toHaveLength(1);
  expect(secret[0].phase).toBe(StepPhase.BEFORE);
  expect(secret[0].action).toBe('on the Flux hub (the cluster whose Flux applies flux/sync.yaml, not this one): create Secret flux-system/alpha-kubeconfig holding a kubeconfig of this cluster under key value; never commit it');
  expect(secret[0].commands).toEqual(['kubectl --context <hub> -n flux-system create secret generic alpha-kubeconfig --from-file=value=<kubeconfig file of this cluster>']);
  expect(secret[0].why).toContain('applies nothing here until it exists');
  // Without the fleet, the cluster's own Flux reads no kubeconfig: no such step.
  expect(planSteps(path.join(dir, 'clusters/a.yaml'), undefined).filter((s) => s.action.includes('kubeconfig'))).toEqual([]);
});

test('a fleet member applies nothing by hand: the Flux hub registers the fleet folder once, Argo CD needs the cluster registered under its name', () => {
  const dir = tempDir({
    'calico-stack.yaml': 'fleet:\n  argocd: { enabled: true, repoURL: https://example.com/gitops.git }\n  flux: { enabled: true }\n',
    // The fleet's repository repeated: the same file is delivered on its own below.
    'clusters/a.yaml': stringify(clusterDoc({ name: 'alpha', gitops: { argocd: { enabled: true, repoURL: 'https://example.com/gitops.git' }, flux: { enabled: true } } })),
  });
  const file = path.join(dir, 'clusters/a.yaml');
  const member = planSteps(file, readRepositorySettings(path.join(dir, 'calico-stack.yaml')));
  const gitops = member.filter((s) => /Argo CD|Flux/.test(s.action));
  expect(gitops.map((s) => [stepWhen(s), s.action, s.commands])).toEqual([
    ['before apply', expect.stringMatching(/^on the Flux hub /), [expect.stringMatching(/^kubectl --context <hub> /)]],
    ['before apply', 'with the Argo CD fleet: register this cluster in the hub\'s Argo CD under the name alpha, once', ['argocd cluster add <context of this cluster> --name alpha']],
    ['apply', 'with the Flux fleet: nothing to apply by hand here; once for the whole fleet, register dist/_fleet/flux with the hub\'s Flux',
      ['flux --context <hub> create kustomization calico-stack-fleet --namespace=flux-system --source=GitRepository/flux-system --path=./dist/_fleet/flux --prune=true --interval=10m']],
  ]);
  expect(member.flatMap((s) => s.commands).filter((c) => c.startsWith('kubectl apply'))).toEqual([]);
  // On its own, the cluster's Application and Kustomizations are applied by hand, once.
  const alone = planSteps(file, undefined).filter((s) => /Argo CD|Flux/.test(s.action));
  expect(alone.map((s) => s.commands)).toEqual([['kubectl apply -f dist/alpha/argocd/application.yaml'], ['kubectl apply -f dist/alpha/flux/sync.yaml']]);
});
