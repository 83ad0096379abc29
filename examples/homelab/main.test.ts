import { App, Testing } from 'cdk8s';
import { CalicoStack } from 'calico-stack';
import { buildApp, homelab, MyChart } from './main';

// `new App()` rather than Testing.app(): nothing is written, and no temporary folder is left behind.
describe('homelab', () => {
  test('my chart', () => {
    const { chart } = buildApp(new App());
    const results = Testing.synth(chart);
    expect(results).toMatchSnapshot();
    expect(results.map((o) => o.kind)).toEqual(['Namespace', 'Deployment', 'Service']);
  });

  test('the cluster it runs on: a clean spec, rendered by calico-stack', () => {
    const { stack } = buildApp(new App());
    expect(stack.findings).toEqual([]);
    const installation = Testing.synth(stack.calico!).find((o) => o.kind === 'Installation');
    expect(installation.spec.calicoNetwork.ipPools).toEqual([
      {
        name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Enabled', nodeSelector: 'all()',
        // What the operator would otherwise write back into the pool.
        allowedUses: ['Workload', 'Tunnel'], disableBGPExport: false, disableNewAllocations: false, assignmentMode: 'Automatic',
      },
    ]);
    const policy = Testing.synth(stack.monitoring!).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'grafana-ingress');
    expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '192.168.1.0/24' } }, { ipBlock: { cidr: '10.244.0.0/16' } }]);
  });

  test('fails to synthesize when a spec is wrong, saying what to fix', () => {
    const app = new App();
    new CalicoStack(app, 'broken', { ...homelab, name: 'broken', calico: { ipPools: [{ cidr: '192.168.0.0/16' }] } });
    expect(() => Testing.synth(new MyChart(app, 'hello'))).toThrow('[broken] calico.ipPools[0].cidr: is not inside the cluster\'s podSubnet');
  });
});
