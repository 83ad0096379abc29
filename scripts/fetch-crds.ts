/**
 * npm run fetch-crds -- <version> [--out <file>] [--base-url <url>]
 *
 * Downloads the operator CRD bundle (manifests/operator-crds.yaml) of a Calico release, checks that
 * it holds the CRDs calico-stack needs, and saves it (default: crds/operator-crds-<version>.yaml).
 * Point `calico.crds` of a cluster file at the saved file. The base URL defaults to GitHub's raw
 * content of projectcalico/calico and can be changed with --base-url or CALICO_STACK_MANIFESTS_URL
 * (a mirror, or a local server in tests).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseCrdBundle } from '../src/calico/crd-bundle';
import { CALICO_VERSIONS, operatorCrdsUrl } from '../src/calico/releases';

export interface FetchCrdsOptions {
  readonly version: string;
  readonly out?: string;
  readonly baseUrl?: string;
}

/** Downloads, checks and writes the bundle; returns the path written. Throws with a message a user can act on. */
export async function fetchCrds(options: FetchCrdsOptions): Promise<string> {
  const { version } = options;
  if (!CALICO_VERSIONS.includes(version)) {
    throw new Error(`unknown Calico release "${version}" (known: ${CALICO_VERSIONS.join(', ')})`);
  }
  const url = operatorCrdsUrl(version, options.baseUrl);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`GET ${url} failed: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${res.statusText}`);
  const text = await res.text();
  const crds = parseCrdBundle(text, url);
  if (!crds.some((c) => c.metadata.name === 'installations.operator.tigera.io')) {
    throw new Error(`${url} has no installations.operator.tigera.io CRD; is it the operator-crds.yaml of Calico ${version}?`);
  }
  const out = options.out ?? path.join('crds', `operator-crds-${version}.yaml`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'out': { type: 'string' }, 'base-url': { type: 'string' } },
  });
  if (positionals.length !== 1) {
    throw new Error(`usage: npm run fetch-crds -- <version> [--out <file>] [--base-url <url>] (versions: ${CALICO_VERSIONS.join(', ')})`);
  }
  const out = await fetchCrds({
    version: positionals[0],
    out: values.out,
    baseUrl: values['base-url'] ?? process.env.CALICO_STACK_MANIFESTS_URL,
  });
  process.stdout.write(`saved ${out}; set calico.crds to its path relative to the cluster file\n`);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`fetch-crds: ${err.message}\n`);
    process.exitCode = 1;
  });
}
