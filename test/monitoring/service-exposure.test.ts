/**
 * NodePortExposure on its own: the Service and the NetworkPolicy select exactly what the workload
 * selects, on the named container port.
 */
import { Testing } from 'cdk8s';
import { Deployment, LabelSelector, Protocol } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodePortExposure, NodePortExposureProps } from '../../src/lib/monitoring/service-exposure';
import { schemaProblems } from '../schema-validator';
import { find, K8sObject } from '../util';

const SELECTOR = { 'app.kubernetes.io/name': 'web' };
const PORT = { name: 'http', number: 8080, protocol: Protocol.TCP };

function workload(scope: Construct): Deployment {
  const deployment = new Deployment(scope, 'Deployment', {
    metadata: { name: 'web', namespace: 'apps' },
    podMetadata: { labels: SELECTOR },
    select: false,
    containers: [{ image: 'web', ports: [PORT] }],
  });
  deployment.select(LabelSelector.of({ labels: SELECTOR }));
  return deployment;
}

function synth(props: Partial<NodePortExposureProps> = {}): { exposure: NodePortExposure; objects: K8sObject[] } {
  const chart = Testing.chart();
  const exposure = new NodePortExposure(chart, 'Exposure', { workload: workload(chart), labels: { team: 'a' }, port: PORT, nodePort: 30080, ...props });
  return { exposure, objects: (Testing.synth(chart) as K8sObject[]).filter((o) => o.kind !== 'Deployment') };
}

describe('defaults', () => {
  const { exposure, objects } = synth();
  const service = find(objects, 'Service', 'web', 'apps');

  test('a NodePort Service named after the workload, selecting its pods; no NetworkPolicy', () => {
    expect(objects.map((o) => o.kind)).toEqual(['Service']);
    expect(service.metadata.labels).toEqual({ team: 'a' });
    expect(service.spec).toEqual({
      type: 'NodePort',
      externalTrafficPolicy: 'Cluster',
      selector: SELECTOR,
      ports: [{ name: 'http', port: 8080, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
    });
    expect(exposure.externalTrafficPolicy).toBe('Cluster');
    expect(exposure.networkPolicy).toBeUndefined();
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('all props', () => {
  const props: Required<Omit<NodePortExposureProps, 'workload' | 'labels' | 'port' | 'nodePort'>> = {
    allowedSourceCidrs: ['203.0.113.0/24'],
    clusterCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'],
  };
  const { exposure, objects } = synth(props);

  test('the Service keeps client addresses; a NetworkPolicy admits the sources and the cluster on the port', () => {
    expect(find(objects, 'Service', 'web').spec.externalTrafficPolicy).toBe('Local');
    expect(exposure.externalTrafficPolicy).toBe('Local');
    expect(find(objects, 'NetworkPolicy', 'web-ingress', 'apps').spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [{
        from: ['203.0.113.0/24', '10.244.0.0/16', 'fd00:10:244::/56'].map((cidr) => ({ ipBlock: { cidr } })),
        ports: [{ port: 8080, protocol: 'TCP' }],
      }],
    });
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });
});

test('fails when sources are restricted without the cluster CIDRs', () => {
  expect(() => synth({ allowedSourceCidrs: ['203.0.113.0/24'] })).toThrow('web: allowedSourceCidrs needs clusterCidrs too, or the policy would also shut out in-cluster clients');
});

test('fails when the port has no name', () => {
  expect(() => synth({ port: { number: 8080 } })).toThrow('web: the exposed container port 8080 needs a name');
});
