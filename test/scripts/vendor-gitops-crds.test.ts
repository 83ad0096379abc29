import { stringify } from 'yaml';
import gitopsCrds from '../../imports/gitops-crds.json';
import { ARGO_CD_VERSION, KUSTOMIZE_CONTROLLER_VERSION, VENDORED, vendoredCrds } from '../../scripts/vendor-gitops-crds';

/** A CRD of one served version whose schema has a description to strip. */
function crd(group: string, kind: string, version: string): string {
  return stringify({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group, names: { kind, plural: `${kind.toLowerCase()}s` }, scope: 'Namespaced',
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', description: 'upstream prose', properties: { spec: { type: 'object', description: 'more' } } } } }],
    },
  });
}

describe('npm run vendor-gitops-crds', () => {
  test('keeps the ApplicationSet and Kustomization schemas, without descriptions, and names the releases', () => {
    const out = vendoredCrds({ text: crd('argoproj.io', 'ApplicationSet', 'v1alpha1'), source: 'a.yaml' }, { text: crd('kustomize.toolkit.fluxcd.io', 'Kustomization', 'v1'), source: 'f.yaml' });
    expect(Object.keys(out.schemas)).toEqual(VENDORED.map((v) => v.id));
    expect(JSON.stringify(out.schemas)).not.toContain('description');
    expect(out.sources).toEqual({ argocd: `argo-cd ${ARGO_CD_VERSION}`, flux: `kustomize-controller ${KUSTOMIZE_CONTROLLER_VERSION}` });
  });

  test('fails when a file lacks the kind, naming the file and what it has', () => {
    expect(() => vendoredCrds({ text: crd('argoproj.io', 'Application', 'v1alpha1'), source: 'a.yaml' }, { text: crd('kustomize.toolkit.fluxcd.io', 'Kustomization', 'v1'), source: 'f.yaml' }))
      .toThrow('a.yaml has no schema for argoproj.io/v1alpha1/ApplicationSet (it has argoproj.io/v1alpha1/Application)');
  });

  test('the committed imports/gitops-crds.json comes from the pinned releases and holds both kinds', () => {
    expect(gitopsCrds.sources).toEqual({ argocd: `argo-cd ${ARGO_CD_VERSION}`, flux: `kustomize-controller ${KUSTOMIZE_CONTROLLER_VERSION}` });
    expect(Object.keys(gitopsCrds.schemas)).toEqual(VENDORED.map((v) => v.id));
    expect(JSON.stringify(gitopsCrds.schemas)).not.toContain('"description":"');
  });
});
