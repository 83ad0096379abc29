import { clusterDoc, config, load, messages } from '../util';

const errors = (doc: Record<string, any>) => messages(load(doc).findings.filter((f) => f.severity === 'error'));

describe('gitops keys', () => {
  test('defaults: both off; Argo CD and flux bootstrap names; the output folder dist/<name>', () => {
    expect(config(clusterDoc({ name: 'edge' })).gitops).toEqual({
      argocd: { enabled: false, targetRevision: 'HEAD', project: 'default', path: 'dist/edge', namespace: 'argocd', server: 'https://kubernetes.default.svc' },
      flux: { enabled: false, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: 'dist/edge', namespace: 'flux-system' },
    });
  });

  test('every key is taken as written; paths lose a leading ./ and a trailing /', () => {
    const g = config(clusterDoc({
      gitops: {
        argocd: { enabled: true, repoURL: 'git@example.com:org/repo.git', targetRevision: 'v1', project: 'net', path: './gitops/edge/', namespace: 'argo', server: 'https://10.0.0.1:6443' },
        flux: { enabled: true, sourceRef: { kind: 'OCIRepository', name: 'infra', namespace: 'sources' }, path: 'gitops/edge', namespace: 'flux' },
      },
    })).gitops;
    expect(g.argocd).toEqual({ enabled: true, repoURL: 'git@example.com:org/repo.git', targetRevision: 'v1', project: 'net', path: 'gitops/edge', namespace: 'argo', server: 'https://10.0.0.1:6443' });
    expect(g.flux).toEqual({ enabled: true, sourceRef: { kind: 'OCIRepository', name: 'infra', namespace: 'sources' }, path: 'gitops/edge', namespace: 'flux' });
  });

  test('fails when Argo CD is enabled without repoURL, saying how to fix it', () => {
    expect(errors(clusterDoc({ gitops: { argocd: { enabled: true } } }))).toEqual([
      'gitops.argocd.repoURL: is required when gitops.argocd.enabled is true (allowed the URL of the Git repository that dist/ is committed to) — set gitops.argocd.repoURL, or gitops.argocd.enabled: false',
    ]);
  });

  test('fails when repoURL is not a Git URL', () => {
    expect(errors(clusterDoc({ gitops: { argocd: { enabled: true, repoURL: 'github.com/org/repo' } } }))).toEqual([
      'gitops.argocd.repoURL: is not a Git repository URL (got "github.com/org/repo"; allowed https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git)',
    ]);
  });

  test('fails when a path is absolute or leaves the repository', () => {
    expect(errors(clusterDoc({ gitops: { flux: { enabled: true, path: '/dist/x' }, argocd: { enabled: false, path: 'dist/../../x' } } }))).toEqual([
      'gitops.argocd.path: is not a relative path inside the repository (got "dist/../../x"; allowed a path relative to the repository root without "..", such as dist/my-cluster)',
      'gitops.flux.path: is not a relative path inside the repository (got "/dist/x"; allowed a path relative to the repository root without "..", such as dist/my-cluster)',
    ]);
  });

  test('fails when a key is misspelt or a source kind is unknown', () => {
    expect(errors(clusterDoc({ gitops: { argocd: { enabled: true, repoUrl: 'https://x/y.git' }, flux: { enabled: true, sourceRef: { kind: 'Git' } } } }))).toEqual([
      'gitops.argocd.repoUrl: unknown key (allowed enabled, repoURL, targetRevision, project, path, namespace, server) — did you mean repoURL?',
      'gitops.flux.sourceRef.kind: "Git" is not one of GitRepository, OCIRepository, Bucket',
    ]);
  });

  test('fails when enabled is missing', () => {
    expect(errors(clusterDoc({ gitops: { flux: {} } }))).toEqual(['gitops.flux.enabled: is required (allowed true or false)']);
  });
});
