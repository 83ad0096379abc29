/**
 * Checksum annotations: a pod template annotated with the hash of the files its containers read
 * changes when a file changes, so the workload rolls its pods and they read the new files.
 */
import { createHash } from 'crypto';

/** sha256 (hex) of the texts, in order. */
export function checksum(...texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text, 'utf8');
  return hash.digest('hex');
}

/** The pod annotation `checksum/<name>`: {@link checksum} of the texts. */
export function checksumAnnotation(name: string, ...texts: readonly string[]): Record<string, string> {
  return { [`checksum/${name}`]: checksum(...texts) };
}
