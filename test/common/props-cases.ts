/**
 * One case per exported construct for the run-time check of props (test/common/props-check.test.ts):
 * props that are valid as JSON (what a JavaScript caller or a JSON file can give), the values no JSON
 * can hold (constructs, releases, Durations) made in the test's app, a key to misspell and a value
 * of the wrong type, each with the finding it must give.
 */
import { App, Chart, Duration } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  ArgoCdApplication, CalicoApiChart, CalicoBgp, CalicoChart, CalicoCrds, CalicoCrdsChart, calicoRelease, CalicoInstallation, DEFAULT_RETINA_VERSION,
  ArgoCdApplicationSet, FluxKustomizations, FluxWaveGates, Grafana, GrafanaSidecarDashboards, MonitoringChart, NodeExporter, NodePortExposure, PodMonitor, Prometheus, PrometheusRule,
  RetinaAgent, RetinaChart, retinaRelease, TigeraOperator, TigeraOperatorChart,
} from '../../src';

export interface PropsCase {
  /** The construct's class name (a key of props-schemas.json's `constructs`). */
  readonly construct: string;
  /** Builds the construct in `app` (a chart of its own for a construct that is not a chart). */
  readonly build: (app: App, props: any) => IConstruct;
  /** Valid props, as JSON has them. */
  readonly json: Record<string, unknown>;
  /** The props JSON cannot hold, made in `app`. */
  readonly refs?: (app: App) => Record<string, unknown>;
  /** A key to misspell: where it is, the key and the misspelling; and the finding. */
  readonly typo: { readonly at: readonly (string | number)[]; readonly key: string; readonly wrong: string; readonly finding: string | readonly string[] };
  /** A value of the wrong type: where, the value, and the finding. */
  readonly wrongType: { readonly at: readonly (string | number)[]; readonly value: unknown; readonly finding: string };
}

/** The chart `test` of `app` (made on first use), for a construct that must be below one. */
const inChart = (app: App) => (app.node.tryFindChild('test') as Chart | undefined) ?? new Chart(app, 'test');

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', listKind: 'WidgetList', singular: 'widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } }, subresources: { status: {} } }],
  },
};

const CALICO_CHART_KEYS = 'namespace, labels, disableResourceNameHashes';
const INSTALLATION_KEYS = 'ipPools, podCidrs, bgp, mtu, linuxDataplane, bpfNetworkBootstrap, kubeProxyManagement, nodeAddressAutodetectionV4, nodeAddressAutodetectionV6, registry, imagePath, imagePullSecrets, controlPlaneNodeSelector, controlPlaneTolerations, kubeletVolumePluginPath, flexVolumePath';
const POOL_KEYS = 'cidr, name, blockSize, encapsulation, natOutgoing, nodeSelector, disableBGPExport, allowedUses';

export const PROPS_CASES: readonly PropsCase[] = [
  {
    construct: 'CalicoChart',
    build: (app, props) => new CalicoChart(app, 'calico', props),
    json: { version: 'v3.32.1', ipPools: [{ cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'VXLAN' }], mtu: 1450 },
    typo: { at: ['ipPools', 0], key: 'blockSize', wrong: 'blocksize', finding: `ipPools[0].blocksize: unknown key (allowed ${POOL_KEYS}) — did you mean blockSize?` },
    wrongType: { at: ['mtu'], value: '1450', finding: 'mtu: expected a number (got "1450")' },
  },
  {
    construct: 'CalicoApiChart',
    build: (app, props) => new CalicoApiChart(app, 'calico-api', props),
    json: { asNumber: 64512, logSeverityScreen: 'Info', bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, nextHopMode: 'Auto', sourceAddress: 'UseNodeIP' }], felix: { logSeverityScreen: 'Warning' } },
    refs: (app) => ({ calico: new CalicoChart(app, 'calico', { podCidrs: ['10.244.0.0/16'] }) }),
    typo: { at: ['bgpPeers', 0], key: 'peerIP', wrong: 'peerIp', finding: 'bgpPeers[0].peerIp: unknown key (allowed name, peerIP, asNumber, localASNumber, nodeSelector, peerSelector, password, keepOriginalNextHop, nextHopMode, sourceAddress, maxRestartTime, ttlSecurity) — did you mean peerIP?' },
    wrongType: { at: ['calico'], value: { wireguard: true }, finding: 'calico: expected a CalicoChart (got {"wireguard":true})' },
  },
  {
    construct: 'CalicoBgp',
    build: (app, props) => new CalicoBgp(inChart(app), 'Bgp', props),
    json: { asNumber: 64512, nodeToNodeMesh: false, routeReflectors: { clusterID: '244.0.0.1' } },
    refs: (app) => ({ installation: new CalicoInstallation(new Chart(app, 'calico'), 'Installation', { podCidrs: ['10.244.0.0/16'] }) }),
    typo: { at: [], key: 'nodeToNodeMesh', wrong: 'nodeToNodeMech', finding: 'nodeToNodeMech: unknown key (allowed asNumber, nodeToNodeMesh, serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, listenPort, logSeverityScreen, bgpPeers, routeReflectors, installation) — did you mean nodeToNodeMesh?' },
    wrongType: { at: ['nodeToNodeMesh'], value: 'no', finding: 'nodeToNodeMesh: expected true or false (got "no")' },
  },
  {
    construct: 'CalicoCrdsChart',
    build: (app, props) => new CalicoCrdsChart(app, 'crds', props),
    json: { crds: [CRD], labels: { team: 'network' } },
    typo: { at: [], key: 'labels', wrong: 'lables', finding: `lables: unknown key (allowed ${CALICO_CHART_KEYS}, crds) — did you mean labels?` },
    wrongType: { at: ['crds', 0, 'spec', 'names', 'plural'], value: 7, finding: 'crds[0].spec.names.plural: expected a string (got 7)' },
  },
  {
    construct: 'CalicoCrds',
    build: (app, props) => new CalicoCrds(inChart(app), 'Crds', props),
    json: { crds: [CRD] },
    // The renamed key leaves the required one out.
    typo: { at: [], key: 'crds', wrong: 'CRDs', finding: ['crds: is required (allowed a list)', 'CRDs: unknown key (allowed crds) — did you mean crds?'] },
    wrongType: { at: ['crds'], value: CRD, finding: 'crds: expected a list (got {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},"sp…)' },
  },
  {
    construct: 'CalicoInstallation',
    build: (app, props) => new CalicoInstallation(inChart(app), 'Installation', props),
    json: {
      ipPools: [{ cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'VXLAN', natOutgoing: 'Enabled', allowedUses: ['Workload', 'Tunnel'] }], bgp: 'Disabled', linuxDataplane: 'Nftables',
      registry: 'quay.io/', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, controlPlaneTolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    },
    typo: { at: [], key: 'linuxDataplane', wrong: 'linuxDataPlane', finding: `linuxDataPlane: unknown key (allowed version, ${INSTALLATION_KEYS}, nodeMetricsPort, typhaMetricsPort, installation) — did you mean linuxDataplane?` },
    wrongType: { at: ['ipPools', 0, 'blockSize'], value: '26', finding: 'ipPools[0].blockSize: expected a number (got "26")' },
  },
  {
    construct: 'TigeraOperatorChart',
    build: (app, props) => new TigeraOperatorChart(app, 'operator', props),
    json: { registry: 'quay.io/', imagePullSecrets: ['pull'] },
    refs: () => ({ release: calicoRelease('v3.32.1') }),
    typo: { at: [], key: 'registry', wrong: 'regsitry', finding: `regsitry: unknown key (allowed ${CALICO_CHART_KEYS}, resources, tolerations, nodeSelector, affinity, priorityClassName, podAnnotations, podLabels, dnsConfig, env, release, registry, imagePath, imagePullSecrets, apiServerEndpoint) — did you mean registry?` },
    wrongType: { at: ['release'], value: 'v3.32.1', finding: 'release: expected a CalicoRelease (got "v3.32.1")' },
  },
  {
    construct: 'TigeraOperator',
    build: (app, props) => new TigeraOperator(inChart(app), 'Operator', props),
    json: { registry: 'quay.io/', imagePath: 'tigera', resources: { limits: { cpu: 1 } }, env: [{ name: 'LOG_LEVEL', value: 'info' }] },
    refs: () => ({ release: calicoRelease('v3.31.7') }),
    typo: { at: [], key: 'imagePath', wrong: 'imagepath', finding: 'imagepath: unknown key (allowed resources, tolerations, nodeSelector, affinity, priorityClassName, podAnnotations, podLabels, dnsConfig, env, release, registry, imagePath, imagePullSecrets, apiServerEndpoint) — did you mean imagePath?' },
    wrongType: { at: ['imagePullSecrets'], value: 'pull', finding: 'imagePullSecrets: expected a list (got "pull")' },
  },
  {
    construct: 'RetinaChart',
    build: (app, props) => new RetinaChart(app, 'retina', props),
    json: { version: 'v1.2.6', logLevel: 'warn', metricsInterval: '30s', plugins: ['dropreason', 'packetforward'] },
    typo: { at: [], key: 'logLevel', wrong: 'loglevel', finding: `loglevel: unknown key (allowed ${CALICO_CHART_KEYS}, version, plugins, logLevel, metricsInterval, tolerateControlPlane) — did you mean logLevel?` },
    wrongType: { at: ['tolerateControlPlane'], value: 'true', finding: 'tolerateControlPlane: expected true or false (got "true")' },
  },
  {
    construct: 'RetinaAgent',
    build: (app, props) => new RetinaAgent(inChart(app), 'Agent', props),
    json: { plugins: ['dropreason', 'linuxutil'], logLevel: 'debug', tolerateControlPlane: false },
    refs: () => ({ release: retinaRelease(DEFAULT_RETINA_VERSION), metricsInterval: Duration.seconds(20) }),
    typo: { at: [], key: 'plugins', wrong: 'plugin', finding: 'plugin: unknown key (allowed release, plugins, logLevel, metricsInterval, tolerateControlPlane) — did you mean plugins?' },
    wrongType: { at: ['metricsInterval'], value: '20s', finding: 'metricsInterval: expected a Duration (got "20s")' },
  },
  {
    construct: 'MonitoringChart',
    build: (app, props) => new MonitoringChart(app, 'monitoring', props),
    json: { clusterName: 'test', mode: 'standalone', prometheus: { nodePort: 30090, retention: '15d' }, grafana: { nodePort: 30300 }, allowedSourceCidrs: ['192.0.2.0/24'], podCidrs: ['10.244.0.0/16'] },
    refs: (app) => ({ retina: new RetinaChart(app, 'retina').agent }),
    typo: { at: ['prometheus'], key: 'retention', wrong: 'retension', finding: 'prometheus.retension: unknown key (allowed nodePort, retention, storage) — did you mean retention?' },
    wrongType: { at: ['nodeExporter'], value: 'no', finding: 'nodeExporter: expected true or false (got "no")' },
  },
  {
    construct: 'Prometheus',
    build: (app, props) => new Prometheus(inChart(app), 'Prometheus', props),
    json: {
      clusterName: 'test', nodePort: 30090, allowedSourceCidrs: ['192.0.2.0/24'], clusterCidrs: ['10.244.0.0/16'],
      podTargets: [{ job: 'node-exporter', source: { namespace: 'monitoring', selectorLabels: { 'app.kubernetes.io/name': 'node-exporter' }, metricsPort: 9100 } }],
    },
    refs: () => ({ retention: Duration.days(7) }),
    typo: { at: [], key: 'nodePort', wrong: 'nodeport', finding: 'nodeport: unknown key (allowed allowedSourceCidrs, clusterCidrs, clusterName, namespace, podTargets, nodePort, retention, storageSize, storageClass, scrapeInterval, ruleGroups) — did you mean nodePort?' },
    wrongType: { at: ['retention'], value: '15d', finding: 'retention: expected a Duration (got "15d")' },
  },
  {
    construct: 'Grafana',
    build: (app, props) => new Grafana(inChart(app), 'Grafana', props),
    json: { nodePort: 30300, adminSecret: 'grafana-admin', dashboards: { net: { uid: 'net', title: 'Network', panels: [] } } },
    refs: (app) => ({ prometheus: new Prometheus(inChart(app), 'Prometheus', { clusterName: 'test' }) }),
    typo: { at: [], key: 'adminSecret', wrong: 'adminSecrets', finding: 'adminSecrets: unknown key (allowed allowedSourceCidrs, clusterCidrs, prometheus, namespace, dashboards, nodePort, adminSecret) — did you mean adminSecret?' },
    wrongType: { at: ['prometheus'], value: 'http://prometheus:9090', finding: 'prometheus: expected a Prometheus (got "http://prometheus:9090")' },
  },
  {
    construct: 'GrafanaSidecarDashboards',
    build: (app, props) => new GrafanaSidecarDashboards(inChart(app), 'Dashboards', props),
    json: { dashboards: { net: { uid: 'net', title: 'Network' } }, label: 'grafana_dashboard', labelValue: '1' },
    typo: { at: [], key: 'labelValue', wrong: 'labelvalue', finding: 'labelvalue: unknown key (allowed dashboards, namespace, label, labelValue) — did you mean labelValue?' },
    wrongType: { at: ['dashboards'], value: [], finding: 'dashboards: expected a mapping (key: value) (got [])' },
  },
  {
    construct: 'NodeExporter',
    build: (app, props) => new NodeExporter(inChart(app), 'NodeExporter', props),
    json: { namespace: 'observability' },
    typo: { at: [], key: 'namespace', wrong: 'namepsace', finding: 'namepsace: unknown key (allowed namespace) — did you mean namespace?' },
    wrongType: { at: ['namespace'], value: 5, finding: 'namespace: expected a string (got 5)' },
  },
  {
    construct: 'NodePortExposure',
    build: (app, props) => new NodePortExposure(inChart(app), 'Exposure', props),
    json: { labels: { team: 'a' }, port: { name: 'http', number: 8080, protocol: 'TCP' }, nodePort: 30080 },
    refs: (app) => ({ workload: new Deployment(inChart(app), 'Web', { containers: [{ image: 'web', ports: [{ name: 'http', number: 8080 }] }] }) }),
    typo: { at: ['port'], key: 'name', wrong: 'nmae', finding: 'port.nmae: unknown key (allowed number, hostIp, hostPort, name, protocol) — did you mean name?' },
    wrongType: { at: ['nodePort'], value: '30080', finding: 'nodePort: expected a number (got "30080")' },
  },
  {
    construct: 'PodMonitor',
    build: (app, props) => new PodMonitor(inChart(app), 'PodMonitor', props),
    json: { job: 'retina', clusterName: 'test', source: { namespace: 'kube-system', selectorLabels: { 'k8s-app': 'retina' }, metricsPort: 10093 } },
    typo: { at: ['source'], key: 'metricsPort', wrong: 'metricsport', finding: ['source.metricsPort: is required (allowed a number)', 'source.metricsport: unknown key (allowed namespace, selectorLabels, metricsPort, metricsPortName, containerName) — did you mean metricsPort?'] },
    wrongType: { at: ['source', 'selectorLabels', 'k8s-app'], value: true, finding: 'source.selectorLabels.k8s-app: expected a string (got true)' },
  },
  {
    construct: 'PrometheusRule',
    build: (app, props) => new PrometheusRule(inChart(app), 'Rules', props),
    json: { groups: [{ name: 'calico', rules: [{ record: 'node:drops:rate5m', expr: 'sum(rate(x[5m]))' }, { alert: 'Drops', expr: 'x > 1', labels: { severity: 'warning' }, annotations: { summary: 's', description: 'd' } }] }] },
    typo: { at: [], key: 'groups', wrong: 'group', finding: ['groups: is required (allowed a list)', 'group: unknown key (allowed groups, name, namespace, labels) — did you mean groups?'] },
    wrongType: { at: ['groups', 0, 'rules', 0, 'expr'], value: 5, finding: 'groups[0].rules[0].expr: expected a string (got 5)' },
  },
  {
    construct: 'ArgoCdApplication',
    build: (app, props) => new ArgoCdApplication(inChart(app), 'Application', props),
    json: {
      name: 'lab', namespace: 'argocd', project: 'default', repoURL: 'https://git.example.com/infra.git', targetRevision: 'HEAD', path: 'dist/lab',
      server: 'https://kubernetes.default.svc', operatorWrittenFields: [{ group: 'operator.tigera.io', kind: 'Installation', name: 'default', jsonPointers: ['/spec/kubernetesProvider'] }],
    },
    typo: { at: [], key: 'repoURL', wrong: 'repoUrl', finding: ['repoURL: is required (allowed a string)', 'repoUrl: unknown key (allowed name, namespace, project, repoURL, targetRevision, path, server, operatorWrittenFields) — did you mean repoURL?'] },
    wrongType: { at: ['operatorWrittenFields', 0, 'jsonPointers'], value: '/spec', finding: 'operatorWrittenFields[0].jsonPointers: expected a list (got "/spec")' },
  },
  {
    construct: 'FluxKustomizations',
    build: (app, props) => new FluxKustomizations(inChart(app), 'Flux', props),
    json: { namePrefix: 'lab', namespace: 'flux-system', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, stages: [{ stage: 'operator', path: 'dist/lab/flux/operator' }] },
    typo: { at: ['sourceRef'], key: 'name', wrong: 'nmae', finding: ['sourceRef.name: is required (allowed a string)', 'sourceRef.nmae: unknown key (allowed kind, name, namespace) — did you mean name?'] },
    wrongType: { at: ['stages', 0, 'dependsOn'], value: 'infra', finding: 'stages[0].dependsOn: expected a list (got "infra")' },
  },
  {
    construct: 'ArgoCdApplicationSet',
    build: (app, props) => new ArgoCdApplicationSet(inChart(app), 'Fleet', props),
    json: { name: 'calico-stack', namespace: 'argocd', project: 'default', repoURL: 'https://github.com/example/gitops.git', targetRevision: 'HEAD', root: 'dist', waves: ['canary', 'main'] },
    typo: { at: [], key: 'project', wrong: 'projet', finding: ['project: is required (allowed a string)', 'projet: unknown key (allowed name, namespace, project, repoURL, targetRevision, root, waves) — did you mean project?'] },
    wrongType: { at: ['waves'], value: 'canary', finding: 'waves: expected a list (got "canary")' },
  },
  {
    construct: 'FluxWaveGates',
    build: (app, props) => new FluxWaveGates(inChart(app), 'Gates', props),
    json: { namespace: 'flux-system', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: 'dist/_fleet/flux/gate', waves: [{ wave: 'canary', lastKustomizations: ['calico-stack-lab-monitoring'] }] },
    typo: { at: ['waves', 0], key: 'wave', wrong: 'wav', finding: ['waves[0].wave: is required (allowed a string)', 'waves[0].wav: unknown key (allowed wave, lastKustomizations) — did you mean wave?'] },
    wrongType: { at: ['waves', 0, 'lastKustomizations'], value: 'x', finding: 'waves[0].lastKustomizations: expected a list (got "x")' },
  },
];
