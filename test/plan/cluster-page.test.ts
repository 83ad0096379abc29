/**
 * The cluster page, README.md of every output folder (src/app/plan/cluster-page.ts): what it holds
 * (read back with a Markdown parser), that it is the same bytes for the same input, that it escapes
 * what a cluster file names, and that it is written, recorded and cached like every file of the
 * folder. Its Mermaid diagram is parsed with Mermaid itself in mermaid.slow.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { stringify } from 'yaml';
import { renderCluster, synthCluster } from '../../src/app/cli/clusters';
import { main } from '../../src/app/main';
import { OutputDirectory, writeOutputFolders } from '../../src/app/output/output-directory';
import { parseRecord, RECORD_FILE } from '../../src/app/output/record';
import { RenderCache } from '../../src/app/output/render-cache';
import { CLUSTER_PAGE_FILE, clusterPage, placedObjects, withClusterPage } from '../../src/app/plan/cluster-page';
import { renderedObjects } from '../../src/app/plan/references';
import { formatManualSteps, manualSteps, stepWhen } from '../../src/app/plan/manual-steps';
import { networkRequirements } from '../../src/app/plan/network-requirements';
import { renderStack, renderStackObjects } from '../../src/lib/render/render';
import { clusterDoc, config, load, scenario, tempDir } from '../util';

type Token = MarkdownIt.Token;
const md = new MarkdownIt();

/** A bare-metal BGP cluster with two pools and two peers (like the shipped example baremetal-bgp). */
function bgpDoc(names: { pool?: string; peer?: string } = {}): Record<string, any> {
  return clusterDoc({
    name: 'racks',
    platform: { nodeSubnets: ['192.168.50.0/24', '192.168.51.0/24'] },
    calico: {
      ipPools: [
        { name: names.pool ?? 'pods-a', cidr: '10.244.0.0/17', blockSize: 26, encapsulation: 'None', natOutgoing: 'Enabled' },
        { name: 'pods-b', cidr: '10.244.128.0/17', blockSize: 28, encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Disabled', nodeSelector: "rack == 'b'" },
      ],
      bgp: 'Enabled',
      asNumber: 65010,
      nodeToNodeMesh: false,
      bgpPeers: [
        { name: names.peer ?? 'rack-a-tor', peerIP: '192.168.50.1', asNumber: 65001, nodeSelector: "rack == 'a'", password: { secretKeyRef: { name: 'bgp-passwords', key: 'rack-a-tor' } } },
        { name: 'rack-b-tor', peerIP: '192.168.51.1', asNumber: 65002, nodeSelector: "rack == 'b'" },
      ],
    },
    gitops: { flux: { enabled: true } },
  });
}

/** The tables of a page, each as its rows of cell texts (header first), by the heading above it. */
function tables(page: string): Map<string, string[][][]> {
  const out = new Map<string, string[][][]>();
  let section = '';
  let current: string[][] | undefined;
  const tokens = md.parse(page, {});
  tokens.forEach((t: Token, i: number) => {
    if (t.type === 'heading_open') section = tokens[i + 1].content;
    if (t.type === 'table_open') out.set(section, [...(out.get(section) ?? []), (current = [])]);
    if (t.type === 'table_close') current = undefined;
    if (t.type === 'tr_open') current?.push([]);
    if (t.type === 'inline' && current && current.length > 0) current[current.length - 1].push((t.children ?? []).map((c) => c.content).join(''));
  });
  return out;
}

/** The one table of a section. */
function tableOf(page: string, section: string): string[][] {
  const found = tables(page).get(section);
  if (!found || found.length !== 1) throw new Error(`expected one table under "${section}", found ${found?.length ?? 0}`);
  return found[0];
}

/** The text of every inline token of a section that is not in a table, with the code blocks' contents. */
function sectionText(page: string, section: string): { lines: string[]; code: string[] } {
  const lines: string[] = [];
  const code: string[] = [];
  let inSection = false;
  let inTable = false;
  const tokens = md.parse(page, {});
  tokens.forEach((t: Token, i: number) => {
    if (t.type === 'heading_open') inSection = tokens[i + 1].content === section;
    else if (t.type === 'table_open') inTable = true;
    else if (t.type === 'table_close') inTable = false;
    else if (inSection && !inTable && t.type === 'inline' && tokens[i - 1].type !== 'heading_open') lines.push((t.children ?? []).map((c) => c.content).join(''));
    else if (inSection && t.type === 'fence') code.push(t.content);
  });
  return { lines, code };
}

describe('the page of a BGP cluster', () => {
  const stack = config(bgpDoc());
  const files = renderCluster(stack);
  const page = files.get(CLUSTER_PAGE_FILE)!;

  test('is a file of the folder, next to the render, and the render is what the library gives', () => {
    const render = renderStack(stack);
    expect([...files.keys()]).toEqual([...render.keys(), CLUSTER_PAGE_FILE]);
    for (const [file, text] of render) expect(files.get(file)).toBe(text);
  });

  test('names the release and the operator version', () => {
    expect(tableOf(page, 'Releases')).toEqual([
      ['Component', 'Version'],
      ['Calico', stack.calico.release.version],
      ['Tigera operator', stack.calico.release.operatorVersion],
      ['Retina', stack.retina!.release.version],
    ]);
  });

  test('holds a row for each pool: name, CIDR, block size, encapsulation, NAT', () => {
    expect(tableOf(page, 'IP pools')).toEqual([
      ['Name', 'CIDR', 'Block size', 'Encapsulation', 'NAT outgoing', 'Node selector'],
      ['pods-a', '10.244.0.0/17', '26', 'None', 'Enabled', 'all()'],
      ['pods-b', '10.244.128.0/17', '28', 'VXLANCrossSubnet', 'Disabled', "rack == 'b'"],
    ]);
  });

  test('holds a row for each network requirement npm run plan prints, in its order', () => {
    const rows = networkRequirements(stack).map((r) => [r.protocol, r.port, r.from, r.to, r.purpose]);
    expect(rows.length).toBeGreaterThan(5);
    expect(tableOf(page, 'Network requirements')).toEqual([['Protocol', 'Port', 'From', 'To', 'For'], ...rows]);
  });

  test('holds each step npm run plan prints, in its order, with its commands and why', () => {
    const steps = manualSteps(stack, { files: renderStack(stack) });
    expect(formatManualSteps(steps)).toContain('bgp-passwords');
    const { lines, code } = sectionText(page, 'Steps a manifest cannot take');
    expect(lines).toEqual([
      'Do them by hand, in this order.',
      ...steps.flatMap((s) => [`${stepWhen(s)}: ${s.action}`, `Why: ${s.why}`]),
    ]);
    expect(code).toEqual(steps.filter((s) => s.commands.length > 0).map((s) => `${s.commands.join('\n')}\n`));
  });

  test('the BGP peers and AS numbers', () => {
    expect(tableOf(page, 'BGP')).toEqual([
      ['Peer', 'Address', 'AS', 'Nodes that peer'],
      ['rack-a-tor', '192.168.50.1:179', '65001', "rack == 'a'"],
      ['rack-b-tor', '192.168.51.1:179', '65002', "rack == 'b'"],
    ]);
    expect(sectionText(page, 'BGP').lines).toEqual([
      'cluster nodes: AS 65010', 'peer rack-a-tor: 192.168.50.1, AS 65001 (eBGP)', 'peer rack-b-tor: 192.168.51.1, AS 65002 (eBGP)', 'node-to-node mesh: off',
    ]);
  });

  test('the components: where each runs, the rendered ones from their file, the operator\'s for its resource', () => {
    const rows = tableOf(page, 'Components');
    expect(rows[0]).toEqual(['Workload', 'Kind', 'Namespace', 'Host network', 'From', 'Images']);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.get('tigera-operator')?.slice(1, 5)).toEqual(['Deployment', 'tigera-operator', 'yes', '0000-tigera-operator.k8s.yaml']);
    expect(byName.get('retina-agent')?.slice(1, 4)).toEqual(['DaemonSet', 'kube-system', 'yes']);
    expect(byName.get('prometheus')?.slice(1, 4)).toEqual(['Deployment', 'monitoring', 'no']);
    expect(byName.get('calico-node')?.slice(1, 5)).toEqual(['DaemonSet', 'calico-system', 'yes', 'the operator, for Installation default (0001-calico.k8s.yaml)']);
    expect(byName.get('calico-typha')?.slice(1, 4)).toEqual(['Deployment', 'calico-system', 'yes']);
    expect(byName.get('tigera-operator')?.[5]).toMatch(/^quay\.io\/tigera\/operator:v/);
  });

  test('the apply order: every numbered file, its stage and its Flux Kustomization; no Argo CD column without Argo CD', () => {
    expect(tableOf(page, 'Apply order')).toEqual([
      ['#', 'File', 'Stage', 'Flux Kustomization'],
      ['1', '0000-tigera-operator.k8s.yaml', 'operator', 'calico-stack-racks-operator'],
      ['2', '0001-calico.k8s.yaml', 'calico', 'calico-stack-racks-calico'],
      ['3', '0002-calico-api.k8s.yaml', 'calico-api', 'calico-stack-racks-calico-api'],
      ['4', '0003-retina.k8s.yaml', 'retina', 'calico-stack-racks-retina'],
      ['5', '0004-monitoring.k8s.yaml', 'monitoring', 'calico-stack-racks-monitoring'],
    ]);
  });

  test('the commands that apply it to a fresh cluster: each file in order, waiting for the CRDs and for the Calico API server', () => {
    expect(sectionText(page, 'Apply order').code).toEqual([[
      'kubectl apply --server-side -f dist/racks/0000-tigera-operator.k8s.yaml',
      `kubectl wait --for condition=established --timeout=120s ${stack.calico.requiredCrds().map((c) => `crd/${c}`).join(' ')}`,
      'kubectl apply --server-side -f dist/racks/0001-calico.k8s.yaml',
      'kubectl wait --for condition=Available --timeout=600s apiservice/v3.projectcalico.org',
      'kubectl apply --server-side -f dist/racks/0002-calico-api.k8s.yaml',
      'kubectl apply --server-side -f dist/racks/0003-retina.k8s.yaml',
      'kubectl apply --server-side -f dist/racks/0004-monitoring.k8s.yaml',
      '',
    ].join('\n')]);
    expect(stack.calico.requiredCrds()).toContain('installations.operator.tigera.io');
  });

  test('has one Mermaid diagram', () => {
    expect(md.parse(page, {}).filter((t) => t.type === 'fence' && t.info === 'mermaid')).toHaveLength(1);
  });
});

describe('the pools of other clusters', () => {
  test('a pool\'s allowed uses get a column when a pool sets them', () => {
    const stack = config(clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: '10.244.128.0/17', allowedUses: ['LoadBalancer'] }] } }));
    const rows = tableOf(renderCluster(stack).get(CLUSTER_PAGE_FILE)!, 'IP pools');
    expect(rows.map((r) => [r[1], r[6]])).toEqual([['CIDR', 'Allowed uses'], ['10.244.0.0/17', 'the default'], ['10.244.128.0/17', 'LoadBalancer']]);
  });
});

describe('the objects the page reads', () => {
  test('the synthesized objects are what parsing the rendered files gives, and so is the page (scenario and BGP cluster)', () => {
    for (const stack of [scenario(), config(bgpDoc())]) {
      const render = renderStackObjects(stack);
      expect(placedObjects(render)).toEqual(renderedObjects(render.files));
      expect(withClusterPage(stack, render).get(CLUSTER_PAGE_FILE)).toBe(clusterPage(stack, render.files));
    }
  });
});

describe('the page of the scenario (Argo CD and Flux)', () => {
  test('the apply order has the Argo CD sync waves of the rendered objects and the Flux Kustomizations', () => {
    const page = renderCluster(scenario()).get(CLUSTER_PAGE_FILE)!;
    expect(tableOf(page, 'Apply order')).toEqual([
      ['#', 'File', 'Stage', 'Argo CD sync wave', 'Flux Kustomization'],
      ['1', '0000-tigera-operator.k8s.yaml', 'operator', '0', 'calico-stack-kans-homelab-operator'],
      ['2', '0001-calico.k8s.yaml', 'calico', '1', 'calico-stack-kans-homelab-calico'],
      ['3', '0002-retina.k8s.yaml', 'retina', '3', 'calico-stack-kans-homelab-retina'],
      ['4', '0003-monitoring.k8s.yaml', 'monitoring', '4', 'calico-stack-kans-homelab-monitoring'],
    ]);
    expect(sectionText(page, 'Apply order').lines).toEqual(expect.arrayContaining([
      'With Argo CD: Application argocd/calico-stack-kans-homelab in argocd/application.yaml syncs the folder, stage by stage in sync-wave order',
    ]));
  });
});

describe('the same input gives the same bytes', () => {
  test('two renders of one cluster file, in Apps of their own, give the same page; it names no date and no path of this machine', () => {
    const a = renderCluster(config(bgpDoc())).get(CLUSTER_PAGE_FILE)!;
    const b = renderCluster(config(bgpDoc())).get(CLUSTER_PAGE_FILE)!;
    expect(b).toBe(a);
    for (const local of [os.tmpdir(), os.homedir(), process.cwd()]) expect(a).not.toContain(local);
    expect(a).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
  });

  test('a different cluster gives a different page (the check can fail)', () => {
    expect(renderCluster(config(clusterDoc())).get(CLUSTER_PAGE_FILE)).not.toBe(renderCluster(config(bgpDoc())).get(CLUSTER_PAGE_FILE));
  });
});

describe('names from the cluster file are text, never Markdown', () => {
  // The checks reject such names (they are Kubernetes object names); the page does not rely on it.
  const NAME = 'x|y"z]w<b>*a*`c`';
  const withNames = load(bgpDoc({ pool: NAME, peer: NAME })).stack!;
  const page = clusterPage(withNames, renderStack(config(bgpDoc())));

  test('the name is rejected by the checks (so the page is fed a stack with findings here)', () => {
    expect(withNames.findings.some((f) => f.severity === 'error')).toBe(true);
  });

  test('a pool name with |, ", ], < is one cell, shown as written', () => {
    expect(tableOf(page, 'IP pools')[1]).toEqual([NAME, '10.244.0.0/17', '26', 'None', 'Enabled', 'all()']);
  });

  test('a peer name is one cell in the peers table and text in the requirements', () => {
    expect(tableOf(page, 'BGP')[1][0]).toBe(NAME);
    expect(tableOf(page, 'Network requirements').map((r) => r[4])).toContain(`BGP to peer ${NAME} (AS 65001)`);
    expect(sectionText(page, 'BGP').lines).toContain(`peer ${NAME}: 192.168.50.1, AS 65001 (eBGP)`);
  });
});

describe('written like every file of the folder', () => {
  /** Runs the command line in this process: its exit code, stdout and stderr. */
  async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
    try {
      await main(argv);
      return { code: Number(process.exitCode ?? 0), stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.exitCode = undefined;
    }
  }

  test('synth writes it and records it in calico-stack.sum; check then finds the folder up to date', async () => {
    const dir = tempDir({ 'cluster.yaml': stringify(clusterDoc()) });
    const out = path.join(dir, 'out');
    const synth = await run(['synth', '--config', path.join(dir, 'cluster.yaml'), '--out', out]);
    expect(synth).toMatchObject({ code: 0 });
    expect(fs.readFileSync(path.join(out, CLUSTER_PAGE_FILE), 'utf8')).toBe(renderCluster(config(clusterDoc())).get(CLUSTER_PAGE_FILE));
    expect([...parseRecord(fs.readFileSync(path.join(out, RECORD_FILE), 'utf8'), RECORD_FILE).keys()]).toContain(CLUSTER_PAGE_FILE);
    expect(await run(['check', '--config', path.join(dir, 'cluster.yaml'), '--out', out])).toMatchObject({ code: 0 });
    // A page edited by hand is a stale render for check.
    fs.appendFileSync(path.join(out, CLUSTER_PAGE_FILE), 'my notes\n');
    const check = await run(['check', '--config', path.join(dir, 'cluster.yaml'), '--out', out]);
    expect(check.code).not.toBe(0);
    expect(`${check.stdout}${check.stderr}`).toContain(CLUSTER_PAGE_FILE);
  });

  test('fails when the folder holds a README.md of the user\'s: the usual message, and nothing is written', async () => {
    // A folder an earlier calico-stack wrote (a render without the page), where the user keeps notes as README.md.
    const dir = tempDir({ 'cluster.yaml': stringify(clusterDoc()) });
    const out = path.join(dir, 'out');
    await writeOutputFolders(dir, [{ name: 'out', files: renderStack(config(clusterDoc())) }]);
    fs.writeFileSync(path.join(out, CLUSTER_PAGE_FILE), '# my notes\n');
    const before = fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, fs.statSync(path.join(out, f)).isFile() ? fs.readFileSync(path.join(out, f), 'utf8') : '']);
    const result = await run(['synth', '--config', path.join(dir, 'cluster.yaml'), '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`out/${CLUSTER_PAGE_FILE} exists and calico-stack did not write it — move it away (calico-stack writes that file)`);
    expect(fs.readdirSync(out, { recursive: true, encoding: 'utf8' }).sort().map((f) => [f, fs.statSync(path.join(out, f)).isFile() ? fs.readFileSync(path.join(out, f), 'utf8') : ''])).toEqual(before);
    // Moved away, the page is written.
    fs.rmSync(path.join(out, CLUSTER_PAGE_FILE));
    expect(await run(['synth', '--config', path.join(dir, 'cluster.yaml'), '--out', out])).toMatchObject({ code: 0 });
    expect(fs.existsSync(path.join(out, CLUSTER_PAGE_FILE))).toBe(true);
  });

  test('the render cache holds it: a cached render is the folder with its page', async () => {
    const dir = tempDir({ 'cluster.yaml': stringify(bgpDoc()) });
    const cache = new RenderCache(path.join(dir, 'cache'), 'code');
    const out = await OutputDirectory.open(path.join(dir, 'dist'));
    try {
      const synth = synthCluster(path.join(dir, 'cluster.yaml'), out, { root: path.join(dir, 'dist') }, cache);
      const files = synth.folder!.files as Map<string, string>;
      expect(files.get(CLUSTER_PAGE_FILE)).toBe(renderCluster(config(bgpDoc())).get(CLUSTER_PAGE_FILE));
      expect(cache.get(load(bgpDoc()).spec!)).toEqual(files);
    } finally {
      out.close();
    }
  });
});
