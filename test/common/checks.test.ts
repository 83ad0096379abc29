/**
 * Where the paths of findings come from: a construct's checks name its props, and the construct that
 * composes it says where those props come from (mapPropPaths); the paths are mapped through every
 * construct up to the root. Inside a CalicoStack they are the cluster file's; used alone, the props'.
 */
import { Construct } from 'constructs';
import { CalicoChart } from '../../src/lib/calico/calico-chart';
import { TigeraOperatorChart } from '../../src/lib/calico/tigera-operator-chart';
import { calicoRelease } from '../../src/lib/calico/releases';
import { addChecks, findingsOf, mapPropPaths, pathOf, pathsBelow } from '../../src/lib/common/checks';
import { error } from '../../src/lib/common/findings';
import { MonitoringChart } from '../../src/lib/monitoring/monitoring-chart';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { messages, testApp, testChart } from '../util';

/** A construct of a user's own, with one check on its `replicas` prop. */
class Web extends Construct {
  constructor(scope: Construct, id: string, props: { readonly replicas: number; readonly image: string }) {
    super(scope, id);
    addChecks(this, (at) => (props.replicas < 1 ? [error(at('replicas'), 'must be at least 1', { got: props.replicas, fix: `set ${at('replicas')}: 1 or more, next to ${at('image')}` })] : []));
  }
}

/** A composite that takes its web server's props under `web`, and the image from `images.web`. */
class Site extends Construct {
  public readonly web: Web;
  constructor(scope: Construct, id: string, props: { readonly web: { readonly replicas: number }; readonly images: { readonly web: string } }) {
    super(scope, id);
    this.web = new Web(this, 'Web', { ...props.web, image: props.images.web });
    mapPropPaths(this.web, { prefix: ['web'], props: { image: ['images', 'web'] } });
  }
}

describe('the paths of findings', () => {
  test('a construct used alone names its props', () => {
    const web = new Web(testChart(), 'Web', { replicas: 0, image: 'nginx' });
    expect(messages(findingsOf(web))).toEqual(['replicas: must be at least 1 (got 0) — set replicas: 1 or more, next to image']);
  });

  test('composed, its props have the paths its composer maps them to, a prop of its own path included', () => {
    const site = new Site(testChart(), 'Site', { web: { replicas: 0 }, images: { web: 'nginx' } });
    expect(messages(findingsOf(site))).toEqual(['web.replicas: must be at least 1 (got 0) — set web.replicas: 1 or more, next to images.web']);
    expect(findingsOf(site.web)).toEqual(findingsOf(site));
  });

  test('mappings are applied from the construct up to the root, each in its turn', () => {
    const outer = new Construct(testChart(), 'Outer');
    const site = new Site(outer, 'Site', { web: { replicas: 0 }, images: { web: 'nginx' } });
    mapPropPaths(site, { prefix: ['sites', 2], props: { images: ['shared', 'images'] } });
    expect(pathOf(site.web)('replicas')).toBe('sites[2].web.replicas');
    expect(pathOf(site.web)('image')).toBe('shared.images.web');
    // A construct without a mapping has its scope's paths.
    expect(pathOf(new Construct(site, 'Plain'))('x', 0)).toBe('sites[2].x[0]');
    expect(pathOf(outer)('x')).toBe('x');
  });

  test('only a prop the mapping names is moved: keys that are also Object.prototype\'s are not', () => {
    const scope = new Construct(testChart(), 'Scope');
    mapPropPaths(scope, { prefix: ['spec'], props: { endpoint: ['platform', 'endpoint'] } });
    expect([pathOf(scope)('constructor'), pathOf(scope)('endpoint', 'host'), pathOf(scope)()]).toEqual(['spec.constructor', 'platform.endpoint.host', 'spec']);
    expect(pathsBelow('gitops')('argocd', 'path')).toBe('gitops.argocd.path');
    expect(pathsBelow()()).toBe('(top level)');
  });
});

describe('CalicoStack maps its sections to the props of its charts', () => {
  const spec: ClusterSpec = {
    name: 'lab',
    platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', apiServerEndpoint: 'api.example.com' },
    calico: { mtu: 0, bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }], bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001 }] },
    retina: { plugins: ['dropreasn'] },
    monitoring: { prometheus: { nodePort: 80 } },
  };

  test('findingsOf a chart of the stack names the spec\'s paths; the same chart alone names its props', () => {
    const stack = new CalicoStack(testApp(), 'lab', spec);
    const paths = (scope: Construct) => findingsOf(scope).map((f) => f.path);
    expect(paths(stack.calico)).toEqual(['calico.mtu']);
    expect(paths(stack.calicoApi!)).toEqual(['calico.bgpPeers[0]']);
    expect(messages(findingsOf(stack.calicoApi!))[0]).toContain('but calico.bgp is Disabled');
    expect(paths(stack.operator)).toEqual(['platform.apiServerEndpoint']);
    expect(paths(stack.retina!)).toEqual(['retina.plugins[0]']);
    expect(paths(stack.monitoring!)).toEqual(['monitoring.prometheus.nodePort']);
    expect(stack.monitoring!.nodePorts().map((p) => p.path)).toEqual(['monitoring.prometheus.nodePort', 'monitoring.grafana.nodePort']);

    const { crds: _crds, asNumber: _a, nodeToNodeMesh: _n, bgpPeers: _p, ...calicoProps } = spec.calico!;
    expect(paths(new CalicoChart(testApp(), 'calico', calicoProps))).toEqual(['mtu']);
    const operator = new TigeraOperatorChart(testApp(), 'operator', { release: calicoRelease('v3.31.7'), apiServerEndpoint: 'api.example.com' });
    expect(paths(operator)).toEqual(['apiServerEndpoint']);
    const monitoring = new MonitoringChart(testApp(), 'monitoring', { clusterName: 'lab', prometheus: { nodePort: 80 } });
    expect(paths(monitoring)).toEqual(['prometheus.nodePort']);
  });
});
