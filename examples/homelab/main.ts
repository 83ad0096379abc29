import { Construct } from 'constructs';
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { CalicoStack, ClusterSpec } from 'calico-stack';

/**
 * The cluster: kubeadm on three machines at home (`kubeadm init --pod-network-cidr=10.244.0.0/16`),
 * Calico with VXLAN between subnets, Retina and Prometheus/Grafana with the defaults, the NodePorts
 * open to the home network only. The same keys as a calico-stack cluster file.
 */
export const homelab: ClusterSpec = {
  name: 'homelab',
  platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['192.168.1.0/24'], nodes: 3 },
  calico: {
    ipPools: [{ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'VXLANCrossSubnet' }],
  },
  monitoring: { allowedSourceCidrs: ['192.168.1.0/24'] },
};

/** The user's own workload: a web server in its own namespace, applied once the CNI is there. */
export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { }) {
    super(scope, id, props);

    const namespace = new kplus.Namespace(this, 'Namespace', { metadata: { name: 'hello' } });
    const web = new kplus.Deployment(this, 'Web', {
      metadata: { namespace: namespace.name },
      replicas: 2,
      containers: [{
        image: 'nginxinc/nginx-unprivileged:1.27',
        portNumber: 8080,
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp') }],
      }],
    });
    web.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  }
}

/** The cluster's stack and the user's chart, which depends on it (its file comes last). */
export function buildApp(app: App): { stack: CalicoStack; chart: MyChart } {
  const stack = new CalicoStack(app, 'homelab', homelab);
  const chart = new MyChart(app, 'hello');
  chart.addDependency(...stack.charts);
  return { stack, chart };
}

if (require.main === module) {
  const app = new App();
  buildApp(app);
  app.synth();
}
