/**
 * Rendering: `renderStack()` gives a stack's files as the CLI writes them, `renderClusterFiles()`
 * builds and renders a cluster from its spec (pure: nothing is written).
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module render
 */
export { renderStack, renderClusterFiles } from './render';
