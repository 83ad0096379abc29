/**
 * How rendered objects become YAML text: the `yaml` library with the options cdk8s uses (YAML 1.1,
 * so strings such as "yes" stay quoted for kubectl's parser; no line folding), and without anchors
 * and aliases, which Kubernetes manifests never need and which cost a pass over every object.
 *
 * Serializing is the most expensive step of a synth, and clusters of one repository share most of
 * their objects (the operator, its RBAC, the Retina DaemonSet of a release), so each distinct object
 * is serialized once per process: the text is memoized by the object's JSON, which is the same
 * function of the same input, only cheaper to compute.
 */
import { stringify } from 'yaml';
import { memo } from '../common/memo';

const serialized = memo<string, string>();

function toYaml(obj: unknown): string {
  const key = JSON.stringify(obj);
  let text = serialized.get(key);
  if (text === undefined) {
    text = stringify(obj, { keepUndefined: true, lineWidth: 0, version: '1.1', aliasDuplicateObjects: false });
    serialized.set(key, text);
  }
  return text;
}

/** A multi-document YAML stream, `---` between documents, as `cdk8s synth` writes it. */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map(toYaml).join('---\n');
}
