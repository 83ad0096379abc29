/**
 * The shared pod hardening, rendered through a cdk8s-plus workload as the constructs use it.
 */
import { Testing } from 'cdk8s';
import { Deployment } from 'cdk8s-plus-28';
import { PodHardeningOptions, podHardening } from '../../src/lib/common/pod-hardening';
import { schemaProblems } from '../schema-validator';
import { K8sObject } from '../util';

function renderedPod(options: PodHardeningOptions): Record<string, any> {
  const chart = Testing.chart();
  const hardening = podHardening(options);
  new Deployment(chart, 'Deployment', {
    securityContext: hardening.pod,
    containers: [{ image: 'app', securityContext: hardening.container, resources: {} }],
    initContainers: [{ image: 'init', securityContext: hardening.container, resources: {} }],
  });
  const [deployment] = Testing.synth(chart) as K8sObject[];
  expect(schemaProblems(deployment)).toEqual([]);
  return deployment.spec.template.spec;
}

const LOCKED_DOWN = {
  runAsNonRoot: true,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

test('defaults: the user\'s id is the group and owns the volumes; every container locked down', () => {
  const pod = renderedPod({ user: 65534 });
  expect(pod.securityContext).toEqual({ runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, runAsNonRoot: true, fsGroupChangePolicy: 'Always' });
  expect(pod.containers[0].securityContext).toEqual(LOCKED_DOWN);
  expect(pod.initContainers[0].securityContext).toEqual(LOCKED_DOWN);
});

test('all props: a group of its own', () => {
  const options: Required<PodHardeningOptions> = { user: 472, group: 0 };
  const pod = renderedPod(options);
  expect(pod.securityContext).toEqual(expect.objectContaining({ runAsUser: 472, runAsGroup: 0, fsGroup: 0 }));
  expect(pod.containers[0].securityContext).toEqual(LOCKED_DOWN);
});

test('each call gives its own objects', () => {
  const a = podHardening({ user: 1 });
  expect(podHardening({ user: 1 })).toEqual(a);
  expect(podHardening({ user: 1 }).container).not.toBe(a.container);
});
