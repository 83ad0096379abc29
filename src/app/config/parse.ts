/**
 * Turns an untrusted value (a parsed YAML document) into a typed ClusterFile, or into findings that
 * name every problem: unknown keys (with the allowed ones and a near match), wrong types and
 * values outside a closed set (common/shape-findings.ts, the words CalicoStack uses for a spec).
 */
import { clusterFileSchema, ClusterFile, FOREIGN_KEYS } from './schema';
import { Finding } from '../../lib/common/findings';
import { issueFindings } from '../../lib/common/shape-findings';

export interface ParseResult {
  readonly file?: ClusterFile;
  readonly findings: Finding[];
}

export function parseClusterFile(data: unknown): ParseResult {
  const result = clusterFileSchema.safeParse(data, { reportInput: true });
  if (result.success) return { file: result.data, findings: [] };
  return { findings: issueFindings(clusterFileSchema, result.error.issues, FOREIGN_KEYS) };
}
