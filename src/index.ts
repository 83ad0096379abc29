/**
 * calico-stack as a cdk8s construct library: the one entry point of the package.
 *
 * - `CalicoStack` builds a whole cluster from a `ClusterSpec` (the cluster file's keys), with the
 *   CLI's defaults and checks.
 * - The building blocks it is made of can be used alone, each applying its own defaults and
 *   checking its own props: the Tigera operator, the Calico custom resources, the CRD bundle, the
 *   Retina agent, Prometheus, Grafana, node-exporter, NodePort exposure, and the GitOps helpers.
 * - Findings: errors fail `app.synth()` with the text the CLI prints; `findingsOf(scope)` lists
 *   every finding (warnings too) below a scope.
 * - `renderStack()` gives a stack's files as the CLI writes them (pure: nothing is written).
 *
 * The library touches no file, environment variable or exit code. Reading cluster files and CRD
 * bundles from disk and the safe writer are the application's: `calico-stack/app`.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @packageDocumentation
 */

export * from './lib/stack';
export * from './lib/render';
export * from './lib/common';
export * from './lib/calico';
export * from './lib/retina';
export * from './lib/monitoring';
export * from './lib/gitops';
