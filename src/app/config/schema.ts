/**
 * The cluster file's shape (clusters/<name>.yaml): a ClusterSpec's (lib/stack/spec-schema.ts), with
 * the keys that name files and the file's shorthands. What the values mean (a CIDR, a label key, a
 * selector, a port range, ...) is checked by the constructs that consume them, on the file's content
 * and on a cdk8s app's props alike (common/value-checks.ts and each construct's checks), so there is
 * one rule for both. The parsed file is a ClusterSpec, except for the two keys that name files
 * (load.ts reads them).
 */
import * as z from 'zod';
import { calicoSchema as calicoSpecSchema, clusterSpecSchema, LIST_LIMITS, platformSchema as platformSpecSchema } from '../../lib/stack/spec-schema';

export { FOREIGN_KEYS, LIST_LIMITS } from '../../lib/stack/spec-schema';

/** A pull secret by name, as a plain string or as upstream's `{ name: ... }`. */
const pullSecret = z.union([z.string(), z.strictObject({ name: z.string() })]).transform((s) => (typeof s === 'string' ? s : s.name));

export const platformSchema = platformSpecSchema.extend({
  /** A path, relative to the cluster file (load.ts reads it). */
  kubeadmConfig: z.string().min(1).optional(),
});

export const calicoSchema = calicoSpecSchema.extend({
  /** `operator`, or a path relative to the cluster file (load.ts reads it). */
  crds: z.string().min(1).optional(),
  imagePullSecrets: z.array(pullSecret).max(LIST_LIMITS.imagePullSecrets).optional(),
});

export const clusterFileSchema = clusterSpecSchema.extend({
  platform: platformSchema,
  calico: calicoSchema.optional(),
});

/** A cluster file as written, after the shape checks; `platform.kubeadmConfig` and `calico.crds` are still paths. */
export type ClusterFile = z.output<typeof clusterFileSchema>;
