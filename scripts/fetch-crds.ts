/**
 * npm run fetch-crds -- <version> [--out <file>] [--base-url <url>]
 *
 * Downloads the operator CRD bundle (manifests/operator-crds.yaml) of a Calico release, checks that
 * it holds every CRD the release's operator needs (with their versions), and saves it unchanged, descriptions included (default:
 * clusters/crds/operator-crds-<version>.yaml, which a cluster file in clusters/ names as
 * `calico.crds: crds/operator-crds-<version>.yaml`; the project's crds/ holds the bundles calico-stack
 * ships, and is never written). Point
 * `calico.crds` of a cluster file at the saved file. The base URL defaults to GitHub's raw content of
 * projectcalico/calico and can be changed with --base-url or CALICO_STACK_MANIFESTS_URL (a mirror,
 * or a local server in tests). Without network it says which URL failed and what to do instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine, UsageError } from '../src/app/cli/args';
import { describeMissing, missingCrds, neededCrds, parseCrdBundle } from '../src/lib/calico/crd-bundle';
import { shippedCrdBundle } from '../src/app/config/shipped-crds';
import { CALICO_VERSIONS, calicoRelease, operatorCrdsUrl } from '../src/lib/calico/releases';
import { runScript } from './run-script';

export interface FetchCrdsOptions {
  readonly version: string;
  readonly out?: string;
  readonly baseUrl?: string;
}

/** Where a download goes by default: next to the cluster files, so `calico.crds: crds/operator-crds-<version>.yaml` names it. */
export function defaultOut(version: string): string {
  return path.join('clusters', 'crds', `operator-crds-${version}.yaml`);
}

/** What to do when the bundle cannot be downloaded here (no network, a mirror without it). */
export function instead(version: string, url: string): string {
  const release = calicoRelease(version);
  const upstream = operatorCrdsUrl(version);
  return [
    'Instead:',
    ...(release.crdBundle ? [`- nothing: calico-stack ships the CRDs of Calico ${version} (${release.crdBundle.file}, descriptions left out) and uses them when calico.crds is not set;`] : []),
    ...(release.operatorCreatesCrds ? [`- nothing: the operator of Calico ${version} creates its CRDs when it starts (calico.crds: operator, the default);`] : []),
    `- or download ${upstream}${url === upstream ? '' : ` (or ${url})`} on a machine that can reach it, copy it here and set calico.crds to its path (relative to the cluster file);`,
    '- or point --base-url (or CALICO_STACK_MANIFESTS_URL) at a mirror of projectcalico/calico\'s raw files.',
  ].join('\n');
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
    throw new Error(`GET ${url} failed: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}\n${instead(version, url)}`);
  }
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${res.statusText}\n${instead(version, url)}`);
  const text = await res.text();
  const missing = missingCrds(parseCrdBundle(text, url), neededCrds(calicoRelease(version).crds));
  if (missing.length > 0) {
    throw new Error(`${url} lacks CRDs Calico ${version} needs: ${describeMissing(missing)}; is it the operator-crds.yaml of Calico ${version}?`);
  }
  const out = options.out ?? defaultOut(version);
  const shipped = shippedCrdBundle(version);
  if (shipped && path.resolve(out) === path.resolve(shipped.path)) {
    throw new Error(`${out} is the CRD bundle calico-stack ships for Calico ${version}; save the download elsewhere (--out), e.g. ${defaultOut(version)}`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  return out;
}

export const USAGE = `usage: npm run fetch-crds -- <version> [--out <file>] [--base-url <url>]
  downloads the operator CRD bundle (manifests/operator-crds.yaml) of a Calico release, checks it and saves it
  <version>         ${CALICO_VERSIONS.join(', ')}
  --out <file>      where to save it (default ${defaultOut('<version>')})
  --base-url <url>  projectcalico/calico's raw files or a mirror (default $CALICO_STACK_MANIFESTS_URL, else GitHub)
  -h, --help        this text`;

/** The command line (process.argv.slice(2)) as fetchCrds' options; throws a UsageError (--help, a mistake). */
export function parseFetchCrdsArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): FetchCrdsOptions {
  const { values, positionals } = parseCommandLine(argv, {
    usage: USAGE,
    options: { 'out': { type: 'string' }, 'base-url': { type: 'string' } },
    allowPositionals: true,
    maxPositionals: 1,
  });
  if (positionals.length === 0) throw new UsageError('missing <version>', USAGE);
  return { version: positionals[0], out: values.out, baseUrl: values['base-url'] ?? env.CALICO_STACK_MANIFESTS_URL };
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseFetchCrdsArgs(argv);
  const out = await fetchCrds(options);
  process.stdout.write(`saved ${out}; set calico.crds to its path relative to the cluster file${options.out ? '' : ` (crds/${path.basename(out)} for a cluster file in clusters/)`}\n`);
}

if (require.main === module) runScript('fetch-crds', main);
