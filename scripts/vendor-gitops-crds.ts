/**
 * npm run vendor-gitops-crds -- [--argocd <applicationset-crd.yaml path or URL>] [--flux <kustomizations CRD path or URL>]
 *
 * Regenerates imports/gitops-crds.json: the schemas of the GitOps objects calico-stack renders for
 * fleets and clusters (Argo CD's `ApplicationSet`, Flux's `Kustomization`), from the CRDs of pinned
 * releases, stripped of upstream `description` text as imports/ is. The tests validate every such
 * object against them (test/schema-validator.ts: OpenAPI keywords with Ajv, the structure and any
 * CEL rule the way the API server does). Defaults: argo-cd's manifests/crds/applicationset-crd.yaml
 * and kustomize-controller's config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml at the
 * tags below, from GitHub; without network, pass files (`git show <tag>:<path>` of a clone).
 */
import * as fs from 'fs';
import * as path from 'path';
import { schemaIndex, stripCrd } from './crd-tools';
import { parseCommandLine } from '../src/app/cli/args';
import { parseCrdBundle } from '../src/lib/calico/crd-bundle';
import { runScript } from './run-script';

/** The releases the schemas come from; a new release is a new tag here and a run of this script. */
export const ARGO_CD_VERSION = 'v3.5.1';
export const KUSTOMIZE_CONTROLLER_VERSION = 'v1.9.4';

export const ARGOCD_CRD_URL = `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGO_CD_VERSION}/manifests/crds/applicationset-crd.yaml`;
export const FLUX_CRD_URL = `https://raw.githubusercontent.com/fluxcd/kustomize-controller/${KUSTOMIZE_CONTROLLER_VERSION}/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml`;

/** The kinds kept, each from its file. */
export const VENDORED = [
  { id: 'argoproj.io/v1alpha1/ApplicationSet', from: 'argocd' },
  { id: 'kustomize.toolkit.fluxcd.io/v1/Kustomization', from: 'flux' },
] as const;

/** The output file, relative to the project. */
export const OUT = path.join('imports', 'gitops-crds.json');

/** What imports/gitops-crds.json holds. */
export interface VendoredGitOpsCrds {
  readonly sources: { readonly argocd: string; readonly flux: string };
  readonly schemas: Record<string, unknown>;
}

/** The vendored file's content from the two CRD files' texts. */
export function vendoredCrds(argocd: { text: string; source: string }, flux: { text: string; source: string }): VendoredGitOpsCrds {
  const index = {
    argocd: schemaIndex(parseCrdBundle(argocd.text, argocd.source).map(stripCrd)),
    flux: schemaIndex(parseCrdBundle(flux.text, flux.source).map(stripCrd)),
  };
  const schemas: Record<string, unknown> = {};
  for (const { id, from } of VENDORED) {
    const schema = index[from][id];
    if (!schema) throw new Error(`${from === 'argocd' ? argocd.source : flux.source} has no schema for ${id} (it has ${Object.keys(index[from]).join(', ') || 'none'})`);
    schemas[id] = schema;
  }
  return { sources: { argocd: `argo-cd ${ARGO_CD_VERSION}`, flux: `kustomize-controller ${KUSTOMIZE_CONTROLLER_VERSION}` }, schemas };
}

async function read(source: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) return fs.readFileSync(source, 'utf8');
  let res: Response;
  try {
    res = await fetch(source);
  } catch (err) {
    throw new Error(`GET ${source} failed: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message} — download it on a machine that can reach it and pass the file`);
  }
  if (!res.ok) throw new Error(`GET ${source}: HTTP ${res.status} — download it on a machine that can reach it and pass the file`);
  return res.text();
}

const USAGE = `usage: npm run vendor-gitops-crds [-- --argocd <file or URL>] [--flux <file or URL>]
  regenerates ${OUT} from Argo CD ${ARGO_CD_VERSION}'s ApplicationSet CRD and kustomize-controller ${KUSTOMIZE_CONTROLLER_VERSION}'s Kustomization CRD`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { usage: USAGE, options: { argocd: { type: 'string' }, flux: { type: 'string' } } });
  const argocd = values.argocd ?? ARGOCD_CRD_URL;
  const flux = values.flux ?? FLUX_CRD_URL;
  const vendored = vendoredCrds({ text: await read(argocd), source: argocd }, { text: await read(flux), source: flux });
  fs.writeFileSync(OUT, `${JSON.stringify(vendored)}\n`);
  process.stdout.write(`wrote ${OUT} (${Object.keys(vendored.schemas).join(', ')})\n`);
}

if (require.main === module) runScript('vendor-gitops-crds', main);
