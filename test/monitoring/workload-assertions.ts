/**
 * Assertions the monitoring workloads share: the pod hardening, a selector that selects the
 * workload's own pods, and a Service that selects exactly those pods.
 */
import type { K8sObject } from '../util';

/** The pod spec of a Deployment or DaemonSet. */
export function podSpec(workload: K8sObject): Record<string, any> {
  return workload.spec.template.spec;
}

/**
 * Non-root `user` (and `group`, which owns the volumes); every container without privilege
 * escalation or capabilities, with the runtime's seccomp profile and a read-only root filesystem.
 */
export function expectHardened(workload: K8sObject, user: number, group = user): void {
  const pod = podSpec(workload);
  expect(pod.securityContext).toEqual(expect.objectContaining({ runAsUser: user, runAsGroup: group, fsGroup: group, runAsNonRoot: true }));
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    expect({ container: c.name, securityContext: c.securityContext }).toEqual({
      container: c.name,
      securityContext: {
        runAsNonRoot: true,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
  }
}

/** Every container has requests for CPU and memory and a memory limit. */
export function expectResources(workload: K8sObject): void {
  for (const c of podSpec(workload).containers) {
    expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(c.resources.limits)).toEqual(['memory']);
  }
}

/** The workload's selector is all labels, and its pod template carries every one of them. */
export function expectSelectsOwnPods(workload: K8sObject, selector: Readonly<Record<string, string>>): void {
  expect(workload.spec.selector).toEqual({ matchLabels: selector });
  expect(workload.spec.template.metadata.labels).toEqual(expect.objectContaining(selector));
}

/** The Service selects by exactly the workload's selector, so exactly its pods. */
export function expectServiceSelects(service: K8sObject, workload: K8sObject): void {
  expect(service.spec.selector).toEqual(workload.spec.selector.matchLabels);
  expect(workload.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
}
