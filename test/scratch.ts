/**
 * Temporary folders that a test file removes when it is done, and the loader of test/util.ts on
 * top of them: `const scratch = new Scratch(); afterAll(() => scratch.cleanup());`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { ClusterConfig } from '../src/config/cluster-config';
import { Finding, Severity } from '../src/config/findings';
import { loadClusterFile } from '../src/config/load';
import { validateCluster } from '../src/config/validate';
import { tempDir } from './util';

export class Scratch {
  private readonly dirs: string[] = [];

  /** A fresh folder holding `files` (relative path → text). */
  public dir(files: Record<string, string> = {}): string {
    const dir = tempDir(files);
    this.dirs.push(dir);
    return dir;
  }

  /** Removes every folder made so far. */
  public cleanup(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }

  /** Loads a cluster description as `cluster.yaml` next to `files`, then validates it: every finding. */
  public load(doc: Record<string, unknown> | string, files: Record<string, string> = {}): { config?: ClusterConfig; findings: Finding[] } {
    const dir = this.dir({ 'cluster.yaml': typeof doc === 'string' ? doc : stringify(doc), ...files });
    const loaded = loadClusterFile(path.join(dir, 'cluster.yaml'));
    return { config: loaded.config, findings: [...loaded.findings, ...(loaded.config ? validateCluster(loaded.config) : [])] };
  }

  /** Like {@link load}, failing the test on any error finding. */
  public config(doc: Record<string, unknown> | string, files: Record<string, string> = {}): ClusterConfig {
    const { config, findings } = this.load(doc, files);
    const errors = findings.filter((f) => f.severity === Severity.ERROR);
    if (!config || errors.length > 0) throw new Error(`unexpected findings: ${JSON.stringify(errors)}`);
    return config;
  }
}
