/**
 * A row of `npm run plan`'s network table, shared by the files that compute rows
 * (network-requirements.ts, bgp-plan.ts).
 */
export interface NetworkRequirement {
  /** `TCP`, `UDP`, `IP protocol 4`, ... */
  readonly protocol: string;
  /** Port or range; empty for protocols without ports. */
  readonly port: string;
  readonly from: string;
  readonly to: string;
  /** What needs it. */
  readonly purpose: string;
}

/** How the table names the whole cluster as a source or destination. */
export const NODES = 'every node';
