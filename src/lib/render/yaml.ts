/**
 * How rendered objects become YAML text: the `yaml` library with the options cdk8s uses (YAML 1.1,
 * so strings such as "yes" stay quoted for kubectl's parser; no line folding), and without anchors
 * and aliases, which Kubernetes manifests never need and which cost a pass over every object.
 *
 * Serializing is the most expensive step of a synth, and clusters of one repository share most of
 * their objects (the operator, its RBAC, the Retina DaemonSet of a release), so each distinct object
 * is serialized once per set of memos (common/memo.ts): the text is memoized by the object's JSON,
 * which is the same function of the same input, only cheaper to compute. An App has memos of its
 * own; the command line gives every App of a run (one per cluster) the same.
 */
import { stringify } from 'yaml';
import { MemoKind, Memos } from '../common/memo';

/** An object's YAML text, by the object's JSON. */
export const YAML_TEXT = new MemoKind<string, string>('YAML text by object');

function toYaml(obj: unknown, memos: Memos): string {
  return memos.remember(YAML_TEXT, JSON.stringify(obj), () => stringify(obj, { keepUndefined: true, lineWidth: 0, version: '1.1', aliasDuplicateObjects: false }));
}

/**
 * A multi-document YAML stream, `---` between documents, as `cdk8s synth` writes it; each object's
 * text is remembered in `memos`.
 */
export function toYamlDocuments(objects: readonly unknown[], memos: Memos): string {
  return objects.map((obj) => toYaml(obj, memos)).join('---\n');
}
