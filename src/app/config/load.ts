/**
 * Reads a cluster file and the files it names (kubeadm-config, a CRD bundle; the bundle calico-stack
 * ships when the release needs one and the file names none) into a ClusterSpec,
 * or findings that say what is wrong with the file's shape or the files it names. The only file
 * reads of the configuration path; what the values mean is checked by CalicoStack.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { allowedInput, formatBytes, formatExcess, InputKind, INPUT_KINDS, readInputFile, TEXT_ALLOWED } from './input-file';
import { InputDigest, inputDigest } from './inputs';
import { parseClusterFile } from './parse';
import { shippedCrdBundle } from './shipped-crds';
import { Crd, CRDS_BY_OPERATOR, CrdBundle, crdBundleOf } from '../../lib/calico/crd-bundle';
import { DEFAULT_CALICO_VERSION } from '../../lib/calico/releases';
import { error, Excerpt, Finding, formatFindings, show } from '../../lib/common/findings';
import { isDataMap, parseYaml, toData, YamlDataError, YamlSyntaxError, yamlErrorPlace } from '../../lib/common/yaml-data';
import { ClusterSpec, KubeadmConfig } from '../../lib/stack/cluster-spec';

export interface LoadResult {
  /** The cluster, when the file and the files it names could be read and have the right shape. */
  readonly spec?: ClusterSpec;
  /** Problems with the file's shape or the files it names (errors only). */
  readonly findings: Finding[];
  /** With a spec: every file it was read from, by content (the cluster file first). */
  readonly inputs?: readonly InputDigest[];
}

/**
 * Reads a cluster file into a ClusterSpec, as the CLI does (the kubeadm-config and CRD bundle it
 * names, relative to its folder, are read into it). Throws, with every finding as the CLI prints
 * it, when the file or the files it names cannot be read or have the wrong shape; the checks of
 * the values are CalicoStack's.
 */
export function loadClusterFile(file: string): ClusterSpec {
  const { spec, findings } = readClusterFile(file);
  if (!spec) throw new Error(formatFindings(findings, file));
  return spec;
}

/** Reads `file` (paths inside it are relative to its folder): its spec, or the findings that stop it. */
export function readClusterFile(file: string): LoadResult {
  const read = readInputFile(file, INPUT_KINDS.clusterFile.limit);
  if (!('text' in read)) {
    const kind = INPUT_KINDS.clusterFile;
    switch (read.problem) {
      case 'unreadable': return { findings: [error(file, 'cannot be read', { fix: read.message })] };
      case 'not-regular': return { findings: [error(file, `is ${read.kind}, not a regular file`, { allowed: allowedInput(kind) })] };
      case 'too-large': return {
        findings: [error(file, `is ${formatExcess(read.size, kind.limit)}, more than the ${formatBytes(kind.limit)} ${kind.what} may have`, {
          allowed: allowedInput(kind), fix: 'a cluster file is a few KB: check that this is the file you meant',
        })],
      };
      case 'encoding': return { findings: [error(file, `is ${read.description}`, { allowed: TEXT_ALLOWED, fix: 'save it as UTF-8' })] };
    }
  }
  const inputs: InputDigest[] = [inputDigest(file, 'clusterFile', read.text)];
  const data = parseSingleYaml(read.text, file);
  if ('findings' in data) return data;

  const parsed = parseClusterFile(data.value);
  if (!parsed.file) return { findings: parsed.findings };
  const clusterFile = parsed.file;
  const dir = path.dirname(file);
  const findings: Finding[] = [];

  let kubeadm: KubeadmConfig | undefined;
  if (clusterFile.platform.kubeadmConfig !== undefined) {
    const source = clusterFile.platform.kubeadmConfig;
    const read = readRelative(dir, source, 'platform.kubeadmConfig', INPUT_KINDS.kubeadmConfig);
    if (typeof read === 'string') {
      inputs.push(inputDigest(path.resolve(dir, source), 'kubeadmConfig', read));
      const result = parseKubeadmNetworking(read, source);
      if ('findings' in result) findings.push(...result.findings);
      else kubeadm = result.networking;
    } else findings.push(read);
  }

  let crdFile: CrdBundle | undefined;
  const version = clusterFile.calico?.version ?? DEFAULT_CALICO_VERSION;
  // Without calico.crds, a release whose operator cannot create its CRDs gets the bundle calico-stack ships.
  const shipped = clusterFile.calico?.crds === undefined ? shippedCrdBundle(version) : undefined;
  const crds = shipped?.name ?? clusterFile.calico?.crds;
  if (crds !== undefined && crds !== CRDS_BY_OPERATOR) {
    const read = readRelative(dir, shipped?.path ?? crds, 'calico.crds', INPUT_KINDS.crds);
    if (typeof read === 'string') {
      inputs.push(inputDigest(path.resolve(dir, shipped?.path ?? crds), 'crds', read));
      try {
        crdFile = { source: crds, crds: parsedBundle(read, crds, version) };
      } catch (err) {
        findings.push(error('calico.crds', (err as Error).message, { fix: `point it at the operator-crds.yaml of Calico ${version}` }));
      }
    } else findings.push(read);
  }
  if (findings.length > 0) return { findings };
  // The two keys that name files take the files' content.
  const { platform: filePlatform, calico: fileCalico, ...sections } = clusterFile;
  const { kubeadmConfig: _kubeadmPath, ...platform } = filePlatform;
  const { crds: _crdsPath, ...calico } = fileCalico ?? {};
  const spec: ClusterSpec = {
    ...sections,
    platform: { ...platform, ...(kubeadm ? { kubeadmConfig: kubeadm } : {}) },
    ...(fileCalico ? { calico: { ...calico, ...(crds === CRDS_BY_OPERATOR ? { crds: CRDS_BY_OPERATOR } : crdFile ? { crds: crdFile } : {}) } } : {}),
  };
  return { spec, findings, inputs };
}

/**
 * Reads kubeadm's networking from a file (the output of `kubectl -n kube-system get cm
 * kubeadm-config -o yaml`, or a ClusterConfiguration given to `kubeadm init --config`), for a
 * ClusterSpec's `platform.kubeadmConfig`. Throws, with the problem, when it cannot.
 */
export function loadKubeadmConfig(file: string): KubeadmConfig {
  const read = readRelative(path.dirname(path.resolve(file)), path.resolve(file), 'platform.kubeadmConfig', INPUT_KINDS.kubeadmConfig);
  if (typeof read !== 'string') throw new Error(`${file}: ${read.message}${read.fix ? ` — ${read.fix}` : ''}`);
  const result = parseKubeadmNetworking(read, file);
  if ('findings' in result) throw new Error(`${file}: ${result.findings[0].message}`);
  return result.networking;
}

/**
 * Reads a CRD bundle (a release's `operator-crds.yaml`) for a ClusterSpec's `calico.crds`. Throws,
 * with the problem, when it cannot.
 */
export function loadCrdBundle(file: string, version: string = DEFAULT_CALICO_VERSION): CrdBundle {
  const read = readRelative(path.dirname(path.resolve(file)), path.resolve(file), 'calico.crds', INPUT_KINDS.crds);
  if (typeof read !== 'string') throw new Error(`${file}: ${read.message}${read.fix ? ` — ${read.fix}` : ''}`);
  return { source: file, crds: parsedBundle(read, file, version) };
}

/**
 * Bundles this process parsed, by release and content: parsing one takes a few hundred
 * milliseconds, and the clusters of a run often name the same text (the bundle calico-stack ships
 * for a release). The latest {@link PARSED_BUNDLES_MAX}; the CRDs are read only, never changed.
 */
const parsedBundles = new Map<string, Crd[]>();
const PARSED_BUNDLES_MAX = 8;

/** crdBundleOf(text, source, version), parsed once per process for the same release and text. */
function parsedBundle(text: string, source: string, version: string): Crd[] {
  const key = `${version}\0${createHash('sha256').update(text).digest('hex')}`;
  let crds = parsedBundles.get(key);
  if (!crds) {
    crds = crdBundleOf(text, source, version);
    if (parsedBundles.size >= PARSED_BUNDLES_MAX) parsedBundles.delete(parsedBundles.keys().next().value!);
    parsedBundles.set(key, crds);
  }
  return [...crds];
}

/**
 * The CRD bundle calico-stack ships for `version` (a release whose operator cannot create its
 * CRDs), for a ClusterSpec's `calico.crds`; undefined for a release whose operator creates them.
 */
export function loadShippedCrdBundle(version: string): CrdBundle | undefined {
  const shipped = shippedCrdBundle(version);
  return shipped ? { ...loadCrdBundle(shipped.path, version), source: shipped.name } : undefined;
}

/** Reads a file named by the cluster file (relative to its folder): its text, or a finding at `configPath`. */
function readRelative(dir: string, file: string, configPath: string, kind: InputKind): string | Finding {
  const read = readInputFile(path.resolve(dir, file), kind.limit);
  if ('text' in read) return read.text;
  switch (read.problem) {
    case 'unreadable':
      return error(configPath, 'names a file that cannot be read', { got: file, fix: `paths are relative to the cluster file's folder (${dir})` });
    case 'not-regular':
      return error(configPath, `names ${read.kind}, not a regular file`, { got: file, allowed: allowedInput(kind), fix: `name ${kind.what} file` });
    case 'too-large':
      return error(configPath, `names a file of ${formatExcess(read.size, kind.limit)}, more than the ${formatBytes(kind.limit)} ${kind.what} may have`, {
        got: file, allowed: allowedInput(kind), fix: 'check that this is the file you meant',
      });
    case 'encoding':
      return error(configPath, `names a file that is ${read.description}`, { got: file, allowed: TEXT_ALLOWED, fix: 'save it as UTF-8' });
  }
}

/** A YAML syntax error's line, to show under its message (none when the line is blank: the error is at the end). */
function excerptOf(e: YamlSyntaxError): { excerpt?: Excerpt } {
  return e.text.trim() !== '' ? { excerpt: { line: e.text, column: e.column } } : {};
}

/** A YAML syntax error as a finding at `source:line:column`, with its line under the message. */
function yamlErrorFinding(source: string, e: YamlSyntaxError): Finding {
  return error(yamlErrorPlace(source, e), `is not valid YAML: ${e.message}`, excerptOf(e));
}

/** What a cluster file's document holds when it is not a mapping, for the message. */
function describeData(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a text';
  return `a ${typeof value}`;
}

function parseSingleYaml(text: string, source: string): { value: unknown } | { findings: Finding[] } {
  const parsed = parseYaml(text);
  if ('error' in parsed) return { findings: [yamlErrorFinding(source, parsed.error)] };
  const { docs, positionOf } = parsed;
  if (docs.length === 0) {
    return { findings: [error(source, 'is empty', { allowed: 'one cluster description (name:, platform: and the sections you need)' })] };
  }
  if (docs.length !== 1) {
    return { findings: [error(source, `holds ${docs.length} YAML documents`, { allowed: 'exactly one cluster description per file' })] };
  }
  const doc = docs[0];
  let value: unknown;
  try {
    value = toData(doc);
  } catch (err) {
    if (!(err instanceof YamlDataError)) throw err;
    return { findings: [error(source, `cannot be read as data: ${err.message.split('\n')[0]}`)] };
  }
  if (value === null || value === undefined) {
    return { findings: [error(source, 'holds no cluster description (only comments, or an empty document)', { allowed: 'one cluster description (name:, platform: and the sections you need)' })] };
  }
  if (!isDataMap(value)) {
    // Not the value: a file that is no cluster file at all (a link to another file) reads as one long
    // text. Its first line, where the document starts, is enough to recognise it.
    const at = positionOf(doc.contents?.range[0] ?? 0);
    return {
      findings: [error(`${source}:${at.line}:${at.column}`, `holds ${describeData(value)}, not a cluster description (a mapping with keys such as name: and platform:)`, {
        excerpt: { line: at.text, column: at.column }, fix: 'check that this is the cluster file you meant',
      })],
    };
  }
  const obj = value as { apiVersion?: unknown; kind?: unknown };
  if ('kind' in obj && 'apiVersion' in obj) {
    return {
      findings: [error(source, `is a Kubernetes object (kind ${show(obj.kind)}), not a cluster description`, {
        fix: 'keep files such as kubeadm-config.yaml in a sub-folder (e.g. clusters/<name>/) and name them with platform.kubeadmConfig',
      })],
    };
  }
  return { value };
}

/**
 * Reads podSubnet, serviceSubnet and kubernetesVersion from kubeadm configuration: the kubeadm-config ConfigMap
 * (`kubectl -n kube-system get cm kubeadm-config -o yaml`, its `ClusterConfiguration` key) or a
 * kubeadm config file holding a ClusterConfiguration document (`kubeadm init --config`).
 */
export function parseKubeadmNetworking(text: string, source: string): { networking: KubeadmConfig } | { findings: Finding[] } {
  const fail = (message: string, details: { excerpt?: Excerpt } = {}): { findings: Finding[] } => ({
    findings: [error('platform.kubeadmConfig', message, {
      got: source,
      fix: 'save the output of `kubectl -n kube-system get cm kubeadm-config -o yaml`, or the ClusterConfiguration given to kubeadm init',
      ...details,
    })],
  });
  const parsed = parseYaml(text);
  if ('error' in parsed) return fail(`is not valid YAML at ${yamlErrorPlace(source, parsed.error)}: ${parsed.error.message}`, excerptOf(parsed.error));
  let docs: unknown[];
  try {
    docs = parsed.docs.map((d) => toData(d));
  } catch (err) {
    return fail(`cannot be read as data: ${(err as Error).message}`);
  }
  let clusterConfiguration: unknown;
  for (const doc of docs) {
    const obj = doc as { kind?: unknown; data?: { ClusterConfiguration?: unknown } } | null;
    if (obj?.kind === 'ConfigMap' && typeof obj.data?.ClusterConfiguration === 'string') {
      const inner = parseYaml(obj.data.ClusterConfiguration);
      if ('error' in inner) {
        const e = inner.error;
        return fail(`has a ClusterConfiguration that is not valid YAML, at its line ${e.line}, column ${e.column}: ${e.message}`, excerptOf(e));
      }
      try {
        clusterConfiguration = inner.docs.length === 1 ? toData(inner.docs[0]) : undefined;
      } catch (err) {
        return fail(`has a ClusterConfiguration that cannot be read as data: ${(err as Error).message}`);
      }
    } else if (obj?.kind === 'ClusterConfiguration') {
      clusterConfiguration = obj;
    }
  }
  if (clusterConfiguration === undefined) {
    return fail('holds neither a kubeadm-config ConfigMap with a ClusterConfiguration key nor a ClusterConfiguration document');
  }
  const networking = (clusterConfiguration as { networking?: { podSubnet?: unknown; serviceSubnet?: unknown } }).networking ?? {};
  const asString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const podSubnet = asString(networking.podSubnet);
  const serviceSubnet = asString(networking.serviceSubnet);
  const kubernetesVersion = asString((clusterConfiguration as { kubernetesVersion?: unknown }).kubernetesVersion);
  return {
    networking: {
      source,
      ...(podSubnet !== undefined ? { podSubnet } : {}),
      ...(serviceSubnet !== undefined ? { serviceSubnet } : {}),
      ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
    },
  };
}
