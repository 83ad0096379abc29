/**
 * The hardening every workload of the stack runs with, written once for cdk8s-plus workloads: a
 * fixed non-root user, no privilege escalation, no capabilities, the container runtime's default
 * seccomp profile and a read-only root filesystem (a workload that writes somewhere mounts a
 * volume there).
 *
 * cdk8s-plus-28's pod security context has no seccomp field, so the profile is set on each
 * container, which the `restricted` Pod Security Standard accepts as well.
 */
import { Capability, ContainerSecurityContextProps, PodSecurityContextProps, SeccompProfileType } from 'cdk8s-plus-28';

export interface PodHardeningOptions {
  /** The uid every container runs as (the image's own non-root user). */
  readonly user: number;
  /**
   * The gid every container runs as, also the group that owns the pod's volumes (`fsGroup`).
   * @default - the same number as {@link user}
   */
  readonly group?: number;
}

/** The security contexts of a hardened pod, as cdk8s-plus workload and container props take them. */
export interface PodHardening {
  /** For the workload's `securityContext`. */
  readonly pod: PodSecurityContextProps;
  /** For every container's `securityContext`. */
  readonly container: ContainerSecurityContextProps;
}

/** The security contexts of a pod running as `user`, with everything else locked down. */
export function podHardening(options: PodHardeningOptions): PodHardening {
  const group = options.group ?? options.user;
  return {
    pod: { user: options.user, group, fsGroup: group, ensureNonRoot: true },
    container: {
      ensureNonRoot: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: [Capability.ALL] },
      seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT },
    },
  };
}
