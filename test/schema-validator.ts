/**
 * Validates rendered objects offline: custom resources against the CRD schemas `npm run import`
 * extracted (imports/crd-schemas.json), with Ajv for the OpenAPI keywords and the CRDs' CEL rules
 * (`x-kubernetes-validations`, evaluated with @bufbuild/cel by src/lib/common/crd-schema.ts, which also
 * checks the structure the way the API server does), built-in kinds against the kubernetes-models package,
 * Argo CD's ApplicationSet and Flux's Kustomization against the CRDs of pinned releases
 * (imports/gitops-crds.json, scripts/vendor-gitops-crds.ts), other Argo CD and Flux objects against
 * @kubernetes-models/argo-cd and @kubernetes-models/flux-cd, and
 * prometheus-operator objects (PodMonitor, PrometheusRule) against
 * @kubernetes-models/prometheus-operator (typed models generated from those projects' published
 * CRDs). The last package is ES modules only, which jest's CommonJS runtime cannot load: its
 * objects are validated by a child `node`, all of one call at once.
 */
import { spawnSync } from 'child_process';
import Ajv, { ValidateFunction } from 'ajv';
import crdSchemas from '../imports/crd-schemas.json';
import gitopsCrds from '../imports/gitops-crds.json';
import type { FieldTree } from '../src/lib/calico/release-data';
import { crdSchemaProblems, JsonSchema } from '../src/lib/common/crd-schema';
import { formatPath } from '../src/lib/common/findings';
import type { K8sObject } from './util';

/** CRD patterns are Go regular expressions; turn Go's leading inline flags `(?i)` into a JS flag. */
const goRegExp = Object.assign((pattern: string, flags: string): RegExp => {
  const inline = /^(\^?)\(\?([a-z]+)\)/.exec(pattern);
  if (!inline) return new RegExp(pattern, flags);
  return new RegExp(inline[1] + pattern.slice(inline[0].length), flags + (inline[2].includes('i') ? 'i' : ''));
}, { code: 'goRegExp' });

const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: goRegExp } });
// The OpenAPI formats the CRDs use. The API server checks formats on strings only (kube-openapi's
// format validator), so int32 does not bound an integer: Calico's AS numbers are uint32 in an int32 field.
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('cidr', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const compiled = new Map<string, ValidateFunction>();

/** The group of prometheus-operator's kinds. */
const PROMETHEUS_OPERATOR_GROUP = 'monitoring.coreos.com';

/** Validates objects with @kubernetes-models/prometheus-operator in a child node: one list of problems per object. */
const VALIDATE_ESM = `
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = [];
for (const obj of input) {
  const where = obj.kind + '/' + (obj.metadata && obj.metadata.name);
  try {
    const mod = await import('@kubernetes-models/prometheus-operator/' + obj.apiVersion + '/' + obj.kind);
    new mod[obj.kind](obj).validate();
    out.push([]);
  } catch (err) {
    out.push([where + ': ' + err.message]);
  }
}
process.stdout.write(JSON.stringify(out));
`;

/** Problems of prometheus-operator objects, per object, from the package's models. */
export function prometheusOperatorProblems(objects: readonly K8sObject[]): string[][] {
  if (objects.length === 0) return [];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'module'; const require = createRequire(import.meta.url);${VALIDATE_ESM}`], {
    input: JSON.stringify(objects), encoding: 'utf8', cwd: __dirname,
  });
  if (r.status !== 0) throw new Error(`validating prometheus-operator objects failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[][];
}

/** Problems with every object, in order (prometheus-operator objects validated in one child process). */
export function allSchemaProblems(objects: readonly K8sObject[]): string[] {
  const operator = objects.filter((o) => o.apiVersion.startsWith(`${PROMETHEUS_OPERATOR_GROUP}/`));
  const operatorProblems = prometheusOperatorProblems(operator);
  return objects.flatMap((o) => {
    const i = operator.indexOf(o);
    return i >= 0 ? operatorProblems[i] : schemaProblems(o);
  });
}

/** Whether the release's field tree of a kind has the field at `path` (`spec` first, list indices as numbers). */
function releaseHasField(fields: FieldTree | undefined, path: readonly (string | number)[]): boolean {
  if (path[0] !== 'spec') return false;
  let node: FieldTree | undefined = fields;
  for (const segment of path.slice(1)) {
    node = typeof segment === 'number' ? node?.items : node?.fields?.[segment];
    if (!node) return false;
  }
  return true;
}

/** Problems with `obj`, empty when it is valid; a kind without a known schema is a problem too. */
export function schemaProblems(obj: K8sObject): string[] {
  return problemsOf(obj);
}

/**
 * {@link schemaProblems} for the objects of a release: the CRD schemas are the newest release's, so
 * a field the release's own CRD has (its field tree) is not reported as unknown (cni.specVersion
 * exists in v3.31.7 only).
 */
export function schemaProblemsIn(release: { readonly fields: { readonly [kind: string]: FieldTree } }): (obj: K8sObject) => string[] {
  return (obj) => problemsOf(obj, release);
}

function problemsOf(obj: K8sObject, release?: { readonly fields: { readonly [kind: string]: FieldTree } }): string[] {
  if (obj.apiVersion.startsWith(`${PROMETHEUS_OPERATOR_GROUP}/`)) return prometheusOperatorProblems([obj])[0];
  const id = `${obj.apiVersion}/${obj.kind}`;
  const where = `${obj.kind}/${obj.metadata?.name}`;
  // Argo CD's ApplicationSet and Flux's Kustomization: the CRDs of pinned releases (scripts/vendor-gitops-crds.ts).
  const schema = (crdSchemas as Record<string, object>)[id] ?? (gitopsCrds.schemas as Record<string, object>)[id];
  if (schema) {
    if (!compiled.has(id)) compiled.set(id, ajv.compile(schema));
    const validate = compiled.get(id)!;
    const openApi = validate(obj) ? [] : (validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message}`);
    const apiServer = crdSchemaProblems(schema as JsonSchema, obj)
      .filter((p) => !(release && p.message.startsWith('is not a field of the schema') && releaseHasField(release.fields[obj.kind], p.path)))
      .map((p) => `${where} ${formatPath(p.path)}: ${p.message}`);
    return [...openApi, ...apiServer];
  }
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const pkg = group === 'argoproj.io' ? '@kubernetes-models/argo-cd'
    : group.endsWith('.toolkit.fluxcd.io') ? '@kubernetes-models/flux-cd'
      : 'kubernetes-models';
  let Model: new (o: unknown) => { validate(): void };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    Model = require(`${pkg}/${obj.apiVersion}/${obj.kind}`)[obj.kind];
    if (typeof Model !== 'function') throw new Error('not a model');
  } catch {
    return [`${where}: no schema for ${id}`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (err) {
    return [`${where}: ${(err as Error).message}`];
  }
}
