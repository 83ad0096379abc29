/**
 * Where the repository's settings file is and how it is read (a regular file, bounded, UTF-8),
 * apart from how it is parsed and checked (repository-settings.ts, which loads the YAML and schema
 * libraries): a synth whose settings did not change takes them from the render cache by this
 * read's digest and loads neither.
 */
import * as path from 'path';
import { allowedInput, formatBytes, formatExcess, INPUT_KINDS, readInputFile, TEXT_ALLOWED } from './input-file';
import { InputDigest, inputDigest } from './inputs';
import { error, Finding } from '../../lib/common/findings';

/** The settings file's name, in the folder that holds the cluster files' folder. */
export const SETTINGS_FILE = 'calico-stack.yaml';

/**
 * The settings file of a repository whose cluster files are in `clustersDir`, as messages name it:
 * relative when `clustersDir` is (`clusters` → `calico-stack.yaml`).
 */
export function settingsFileOf(clustersDir: string): string {
  const file = path.join(path.dirname(path.resolve(clustersDir)), SETTINGS_FILE);
  return path.isAbsolute(clustersDir) ? file : path.relative(process.cwd(), file);
}

/** The settings file's text, read. */
export interface SettingsText {
  readonly file: string;
  readonly text: string;
  readonly digest: InputDigest;
}

/** The settings a file gives that cannot be read (repository-settings.ts RepositorySettings without a fleet). */
export interface UnreadSettings {
  readonly file?: string;
  readonly findings: readonly Finding[];
}

/**
 * Reads the settings file `file`: its text, or the settings it gives without being parsed (none
 * there: no settings; unreadable, not a regular file, too large, not UTF-8: the finding).
 */
export function readSettingsFile(file: string): SettingsText | UnreadSettings {
  const kind = INPUT_KINDS.settings;
  const read = readInputFile(file, kind.limit);
  if ('text' in read) return { file, text: read.text, digest: inputDigest(file, 'settings', read.text) };
  switch (read.problem) {
    case 'unreadable': if (read.code === 'ENOENT') return { findings: [] };
      return { file, findings: [error(file, 'cannot be read', { fix: read.message })] };
    case 'not-regular': return { file, findings: [error(file, `is ${read.kind}, not a regular file`, { allowed: allowedInput(kind), fix: `make ${SETTINGS_FILE} a regular file, or remove it` })] };
    case 'too-large': return {
      file,
      findings: [error(file, `is ${formatExcess(read.size, kind.limit)}, more than the ${formatBytes(kind.limit)} ${kind.what} may have`, {
        allowed: allowedInput(kind), fix: 'the settings file is a few lines: check that this is the file you meant',
      })],
    };
    case 'encoding': return { file, findings: [error(file, `is ${read.description}`, { allowed: TEXT_ALLOWED, fix: 'save it as UTF-8' })] };
  }
}
