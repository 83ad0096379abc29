/**
 * Generated Kubernetes L1 classes (KubeDeployment, KubeClusterRole, ...). They come from the
 * `k8s` import that cdk8s-plus-28 ships (Kubernetes 1.28 API), loaded on their own so synth does
 * not pay for the rest of cdk8s-plus, and so no network `cdk8s import k8s` is needed.
 */
export * from 'cdk8s-plus-28/lib/imports/k8s';
