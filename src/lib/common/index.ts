/**
 * Findings and checks: errors fail `app.synth()` with the text the CLI prints; `findingsOf(scope)` lists
 * every finding (warnings too) below a scope; `mapPropPaths` says where a construct's props come from;
 * memos and the warnings handler belong to an App.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module checks
 */
export { type Excerpt, type Finding, formatFinding, formatFindings, Severity } from './findings';
export {
  addChecks, type Check, findingsOf, mapPropPaths, onWarnings, type PathOf, pathOf, type PropPaths, type WarningHandler,
} from './checks';
export { Memos, useMemos } from './memo';
