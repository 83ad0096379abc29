/**
 * The repository's settings: `calico-stack.yaml` next to the cluster files' folder (the
 * repository's root, `./calico-stack.yaml` for `clusters/`), read like every input (a regular file,
 * bounded, untrusted) and checked with its schema. Today it holds the fleet ([Many
 * clusters](../../../docs/fleets.md)): the rollout waves, and which hub delivers the clusters (Argo CD's
 * ApplicationSet, Flux's Kustomizations through kubeconfig Secrets, or both).
 *
 *   fleet:
 *     waves: [canary, main]              # rollout order; a cluster names its wave (gitops.wave), default the last
 *     argocd:
 *       enabled: true
 *       generator: git-files             # the ApplicationSet's generator (the only one)
 *       repoURL: https://github.com/example/gitops.git
 *     flux:
 *       enabled: true
 *
 * No file: no fleet, every cluster delivered on its own as before.
 */
import * as z from 'zod';
import type { InputDigest } from './inputs';
import { readSettingsFile, type SettingsText } from './settings-file';
import { error, Finding } from '../../lib/common/findings';
import { issueFindings } from '../../lib/common/shape-findings';
import { choiceFindings, dnsLabelFindings, gitRepoUrlFindings, nonEmptyFindings, objectNameFindings, repoPathFindings } from '../../lib/common/value-checks';
import { isDataMap, parseYaml, toData, YamlDataError } from '../../lib/common/yaml-data';
import { FluxSourceKind } from '../../lib/gitops/flux';
import { GITOPS_DEFAULTS, waveFindings } from '../../lib/gitops/gitops-settings';
import { GITOPS_NAME_PREFIX } from '../../lib/gitops/names';

export { SETTINGS_FILE, settingsFileOf } from './settings-file';

/** The generators the Argo CD fleet's ApplicationSet can use. */
export enum FleetGenerator {
  /** Argo CD's Git files generator over the parameter file of every output folder (`<root>/*\/argocd/fleet.yaml`). */
  GIT_FILES = 'git-files',
}

/** The most waves a fleet has. */
export const MAX_WAVES = 16;

const settingsSchema = z.strictObject({
  fleet: z.strictObject({
    waves: z.array(z.string()).min(1).max(MAX_WAVES).optional(),
    root: z.string().optional(),
    argocd: z.strictObject({
      enabled: z.boolean(),
      generator: z.enum(FleetGenerator).optional(),
      repoURL: z.string().optional(),
      targetRevision: z.string().optional(),
      project: z.string().optional(),
      namespace: z.string().optional(),
      name: z.string().optional(),
    }).optional(),
    flux: z.strictObject({
      enabled: z.boolean(),
      namespace: z.string().optional(),
      sourceRef: z.strictObject({
        kind: z.enum(FluxSourceKind).optional(),
        name: z.string().optional(),
        namespace: z.string().optional(),
      }).optional(),
    }).optional(),
  }).optional(),
});

/** The Argo CD fleet, resolved. */
export interface ArgoCdFleetSettings {
  readonly generator: FleetGenerator;
  readonly name: string;
  readonly namespace: string;
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
}

/** The Flux fleet, resolved. */
export interface FluxFleetSettings {
  readonly namespace: string;
  readonly sourceRef: { readonly kind: FluxSourceKind; readonly name: string; readonly namespace?: string };
}

/** The fleet of a repository, resolved: at least one engine is on. */
export interface FleetSettings {
  /** In rollout order. */
  readonly waves: readonly string[];
  /** The folder inside the repository that holds the output folders. */
  readonly root: string;
  readonly argocd?: ArgoCdFleetSettings;
  readonly flux?: FluxFleetSettings;
}

/** What reading the settings gave. */
export interface RepositorySettings {
  /** The file, when there is one. */
  readonly file?: string;
  /** Its content's digest (it is an input of every cluster's render). */
  readonly digest?: InputDigest;
  /** The fleet, when the file turns one on and has no errors. */
  readonly fleet?: FleetSettings;
  readonly findings: readonly Finding[];
}

/** The wave of a fleet without `waves`. */
export const DEFAULT_WAVES = ['all'] as const;

/** Reads the settings file `file` (none there: no settings). */
export function readRepositorySettings(file: string): RepositorySettings {
  const read = readSettingsFile(file);
  return 'text' in read ? parseRepositorySettings(read) : read;
}

/** The settings the text of a settings file gives (a pure function of the file's path and text). */
export function parseRepositorySettings({ file, text, digest }: SettingsText): RepositorySettings {
  const parsed = parseYaml(text);
  if ('error' in parsed) return { file, digest, findings: [error(file, `is not YAML: ${parsed.error.message.split('\n')[0]}`, { fix: 'correct the YAML' })] };
  if (parsed.docs.length > 1) return { file, digest, findings: [error(file, `holds ${parsed.docs.length} YAML documents`, { allowed: 'one document' })] };
  let data: unknown;
  try {
    data = parsed.docs.length === 0 ? null : toData(parsed.docs[0]);
  } catch (err) {
    if (!(err instanceof YamlDataError)) throw err;
    return { file, digest, findings: [error(file, `cannot be read as data: ${err.message.split('\n')[0]}`)] };
  }
  if (data === null || data === undefined) return { file, digest, findings: [] };
  if (!isDataMap(data)) return { file, digest, findings: [error(file, 'is not a mapping', { allowed: 'fleet: { waves: [...], argocd: {...}, flux: {...} }' })] };
  const result = settingsSchema.safeParse(data, { reportInput: true });
  if (!result.success) return { file, digest, findings: issueFindings(settingsSchema, result.error.issues) };
  const findings = settingsFindings(result.data);
  if (findings.length > 0) return { file, digest, findings };
  return { file, digest, ...(fleetOf(result.data) ? { fleet: fleetOf(result.data) } : {}), findings: [] };
}

type Settings = z.output<typeof settingsSchema>;

function settingsFindings(settings: Settings): Finding[] {
  const fleet = settings.fleet;
  if (!fleet) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  (fleet.waves ?? []).forEach((wave, i) => {
    findings.push(...waveFindings(`fleet.waves[${i}]`, wave));
    if (seen.has(wave)) findings.push(error(`fleet.waves[${i}]`, 'names a wave twice', { got: wave, fix: 'list each wave once, in rollout order' }));
    seen.add(wave);
  });
  if (fleet.root !== undefined) findings.push(...repoPathFindings('fleet.root', fleet.root));
  const a = fleet.argocd;
  if (a) {
    if (a.enabled && a.repoURL === undefined) {
      findings.push(error('fleet.argocd.repoURL', 'is required when fleet.argocd.enabled is true', {
        allowed: 'the URL of the Git repository that dist/ is committed to', fix: 'set fleet.argocd.repoURL, or fleet.argocd.enabled: false',
      }));
    }
    if (a.repoURL !== undefined) findings.push(...gitRepoUrlFindings('fleet.argocd.repoURL', a.repoURL));
    if (a.generator !== undefined) findings.push(...choiceFindings('fleet.argocd.generator', a.generator, Object.values(FleetGenerator)));
    if (a.targetRevision !== undefined) findings.push(...nonEmptyFindings('fleet.argocd.targetRevision', a.targetRevision));
    if (a.project !== undefined) findings.push(...objectNameFindings('fleet.argocd.project', a.project));
    if (a.namespace !== undefined) findings.push(...dnsLabelFindings('fleet.argocd.namespace', a.namespace));
    if (a.name !== undefined) findings.push(...objectNameFindings('fleet.argocd.name', a.name));
  }
  const f = fleet.flux;
  if (f) {
    if (f.namespace !== undefined) findings.push(...dnsLabelFindings('fleet.flux.namespace', f.namespace));
    if (f.sourceRef?.name !== undefined) findings.push(...objectNameFindings('fleet.flux.sourceRef.name', f.sourceRef.name));
    if (f.sourceRef?.namespace !== undefined) findings.push(...dnsLabelFindings('fleet.flux.sourceRef.namespace', f.sourceRef.namespace));
  }
  return findings;
}

function fleetOf(settings: Settings): FleetSettings | undefined {
  const fleet = settings.fleet;
  const a = fleet?.argocd;
  const f = fleet?.flux;
  if (!fleet || (!a?.enabled && !f?.enabled)) return undefined;
  const d = GITOPS_DEFAULTS;
  return {
    waves: [...(fleet.waves ?? DEFAULT_WAVES)],
    root: trimPath(fleet.root ?? 'dist'),
    ...(a?.enabled ? {
      argocd: {
        generator: a.generator ?? FleetGenerator.GIT_FILES,
        name: a.name ?? GITOPS_NAME_PREFIX,
        namespace: a.namespace ?? d.argocd.namespace,
        project: a.project ?? d.argocd.project,
        repoURL: a.repoURL!,
        targetRevision: a.targetRevision ?? d.argocd.targetRevision,
      },
    } : {}),
    ...(f?.enabled ? {
      flux: {
        namespace: f.namespace ?? d.flux.namespace,
        sourceRef: {
          kind: f.sourceRef?.kind ?? d.flux.sourceRef.kind,
          name: f.sourceRef?.name ?? d.flux.sourceRef.name,
          ...(f.sourceRef?.namespace !== undefined ? { namespace: f.sourceRef.namespace } : {}),
        },
      },
    } : {}),
  };
}

/** `./dist/` → `dist`. */
function trimPath(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}
