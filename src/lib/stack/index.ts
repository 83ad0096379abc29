/**
 * One cluster: `CalicoStack` builds a whole cluster from a `ClusterSpec` (the cluster file's keys), with the
 * CLI's defaults and checks; `renderStack()` (the render module) gives its files as the CLI writes them.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module stack
 */
export { CalicoStack } from './calico-stack';
export {
  type CalicoSpec, Cloud, type ClusterSpec, type KubeadmConfig, type MonitoringSpec, type OperatorSpec, type PlatformSpec, type RetinaSpec,
} from './cluster-spec';
export { type ResolvedPlatform } from './stack-rules';
