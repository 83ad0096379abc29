/**
 * The chart of Calico's own configuration resources, in the `projectcalico.org/v3` API group:
 * `FelixConfiguration/default` (WireGuard and `calico.felix`), and BGP (`BGPConfiguration/default`, the `BGPPeer`s).
 *
 * Which API group: `projectcalico.org/v3`, as Calico's documentation has users write these
 * resources (tigera/docs calico_versioned_docs/version-3.32/networking/configuring/bgp.mdx:82-90,
 * reference/resources/bgpconfig.mdx:12-16) and never `crd.projectcalico.org/v1`, which it calls
 * internal data that must not be modified directly (operations/calicoctl/install.mdx:57-58, the
 * same in the v3.29-v3.31 docs). On the clusters calico-stack installs, `projectcalico.org/v3` is
 * served by the Calico API server that `APIServer/default` deploys: operator v1.42.3 (Calico
 * v3.32.1) picks native v3 CRDs only when they are installed and the v1 ones are not
 * (tigera/operator pkg/apis/version.go:40-77), and with `-manage-crds` on a new cluster it installs
 * the v1 ones. The same objects apply unchanged on v3.32's native v3 CRDs (a tech preview, Calico
 * release notes v3.32.0:25-27).
 *
 * The API server runs only once calico-node does, so these objects are their own stage, after the
 * Calico custom resources (gitops/stages.ts).
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CalicoBgp, CalicoBgpOptions } from './calico-bgp';
import { CalicoChart } from './calico-chart';
import { FelixConfigurationResource, felixSchemaFindings, FelixFields, modelledFelixFindings, passedFelixFields, shadowedFelixFindings } from './felix-fields';
import { felixRuleFindings } from './felix-rules';
import { DEFAULT_INSTANCE } from './installation';
import { FieldUse, releaseFieldFindings } from './release-fields';
import { CalicoRelease, RELEASES } from './releases';
import { addChecks, PathOf, pathOf } from '../common/checks';
import { parseCidr } from '../common/cidr';
import { error, Finding } from '../common/findings';
import type { JsonSchema } from '../common/crd-schema';
import { memosOf } from '../common/memo';
import { placeholderChart, propsShape } from '../common/props-check';
import { FelixConfiguration } from '../../../imports/projectcalico.org';

/**
 * The Deployment of the Calico API server the operator runs for `APIServer/default`: named
 * `calico-apiserver`, in namespace `calico-apiserver` up to operator v1.38 (tigera/operator v1.38.13
 * pkg/render/common/meta/meta.go:115-119) and in `calico-system` from v1.40 (v1.40.15
 * pkg/render/apiserver.go:64, :71).
 */
export function calicoApiServerDeployment(release: CalicoRelease): { readonly name: string; readonly namespace: string } {
  const [major, minor] = release.operatorVersion.replace(/^v/, '').split('.').map(Number);
  return { name: 'calico-apiserver', namespace: major > 1 || minor >= 40 ? 'calico-system' : 'calico-apiserver' };
}

/** The API group of the resources of this chart. */
export const CALICO_API_GROUP = 'projectcalico.org';
/** The apiVersion of the resources of this chart. */
export const CALICO_API_VERSION = `${CALICO_API_GROUP}/v3`;

/** The Felix key of the `calico` section, which CalicoApiChart renders. */
export interface CalicoFelixOptions {
  /**
   * Further `FelixConfiguration.spec` fields, written as Calico's API names them (`logSeverityScreen`,
   * `bpfExternalServiceMode`, `routeRefreshInterval`, ...), merged into `FelixConfiguration/default`.
   * Checked like the Calico API server checks them: the release's fields, the CRD's schema and CEL
   * rules, and the v3 API's own validation. Fields another key says are refused with a pointer to it
   * (`wireguardEnabled`: `calico.wireguard`; `bpfEnabled`, `nftablesMode`: `calico.linuxDataplane`,
   * which the operator turns into them).
   * @default - none: FelixConfiguration/default only for WireGuard
   */
  readonly felix?: FelixFields;
}

/** Props of {@link CalicoApiChart}: the BGP and Felix keys of the `calico` section, and the Calico chart they configure. */
export interface CalicoApiChartProps extends CalicoBgpOptions, CalicoFelixOptions, ChartProps {
  /** The Calico chart: its release, Installation, WireGuard and API server settings. */
  readonly calico: CalicoChart;
}

/** FelixConfiguration and BGP resources (`projectcalico.org/v3`), applied once the Calico API server runs. */
export class CalicoApiChart extends Chart {
  /** Whether the props and the Calico chart ask for any resource of this chart. */
  public static isNeeded(props: CalicoBgpOptions & CalicoFelixOptions, calico: CalicoChart): boolean {
    return calico.wireguard || hasFelixFields(props.felix) || (props.bgpPeers?.length ?? 0) > 0 || [
      props.asNumber, props.nodeToNodeMesh, props.serviceClusterIPs, props.serviceExternalIPs, props.serviceLoadBalancerIPs,
      props.listenPort, props.logSeverityScreen, props.routeReflectors,
    ].some((v) => v !== undefined);
  }

  public readonly calico: CalicoChart;
  /** `FelixConfiguration/default`: WireGuard and the `felix` fields; absent when neither asks for it. */
  public readonly felixConfiguration?: FelixConfiguration;
  /** The `felix` fields merged into FelixConfiguration/default (modelled fields left out). */
  public readonly felix: FelixFields;
  public readonly bgp: CalicoBgp;

  constructor(scope: Construct, id: string, props: CalicoApiChartProps) {
    const shape = propsShape('CalicoApiChartProps', props, () => ({ calico: new CalicoChart(placeholderChart(), 'Calico') }));
    props = shape.props;
    const { calico, namespace, labels, disableResourceNameHashes, felix, ...bgp } = props;
    super(scope, id, { namespace, labels, disableResourceNameHashes });
    shape.report(this);
    this.calico = calico;
    this.felix = Object.fromEntries(passedFelixFields(felix ?? {}));
    if (calico.wireguard || hasFelixFields(felix)) {
      const families = new Set(calico.installation.ipPools.map((p) => parseCidr(p.cidr)?.family ?? 4));
      const resource = new FelixConfigurationResource(this, 'FelixConfiguration', {
        metadata: { name: DEFAULT_INSTANCE },
        spec: !calico.wireguard ? {} : {
          ...(families.has(4) || families.size === 0 ? { wireguardEnabled: true } : {}),
          ...(families.has(6) ? { wireguardEnabledV6: true } : {}),
        },
      });
      if (felix) resource.addFields(felix);
      this.felixConfiguration = resource;
    }
    this.bgp = new CalicoBgp(this, 'Bgp', { ...bgp, installation: calico.installation });
    addChecks(this, (at) => configFindings(this, props, at));
  }
}

/**
 * The API server must serve these resources, and the release must have their fields (`at` gives
 * the paths of this chart's props; the Calico chart's are its own).
 */
function configFindings(chart: CalicoApiChart, props: CalicoApiChartProps, at: PathOf): Finding[] {
  const calicoAt = pathOf(chart.calico);
  const findings: Finding[] = [];
  const rendered = [
    ...(chart.felixConfiguration ? [`FelixConfiguration (${[...(chart.calico.wireguard ? [calicoAt('wireguard')] : []), ...(hasFelixFields(props.felix) ? [at('felix')] : [])].join(', ')})`] : []),
    ...(chart.bgp.configuration ? ['BGPConfiguration'] : []),
    ...(chart.bgp.peers.length > 0 ? ['BGPPeer'] : []),
  ];
  if (!chart.calico.apiServer && rendered.length > 0) {
    findings.push(error(calicoAt('apiServer'), `is false, but ${rendered.join(', ')} ${rendered.length === 1 ? 'is a' : 'are'} ${CALICO_API_VERSION} resource${rendered.length === 1 ? '' : 's'}, which only the Calico API server serves on this install`, {
      got: false, fix: `set ${calicoAt('apiServer')}: true (the default)`,
    }));
  }
  const uses: FieldUse[] = [];
  const use = (key: string, kind: string, field: string, value: unknown) => {
    if (value !== undefined) uses.push({ configPath: [key], kind, field: [field], value });
  };
  use('asNumber', 'BGPConfiguration', 'asNumber', props.asNumber);
  use('nodeToNodeMesh', 'BGPConfiguration', 'nodeToNodeMeshEnabled', props.nodeToNodeMesh);
  for (const key of ['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs', 'listenPort', 'logSeverityScreen'] as const) use(key, 'BGPConfiguration', key, props[key]);
  (props.bgpPeers ?? []).forEach((peer, i) => {
    // The keys of a peer are BGPPeer's spec fields, its name aside.
    const spec = Object.fromEntries(Object.entries(peer).filter(([key]) => key !== 'name'));
    uses.push({ configPath: ['bgpPeers', i], kind: 'BGPPeer', field: [], value: spec });
  });
  for (const [key, value] of passedFelixFields(props.felix ?? {})) uses.push({ configPath: ['felix', key], kind: 'FelixConfiguration', field: [key], value, raw: true });
  findings.push(...releaseFieldFindings(chart.calico.release, uses, RELEASES, calicoAt('version'), at));
  if (props.felix) findings.push(...felixFindings(chart, props.felix, at));
  return findings;
}

/** Whether `felix` names any field. */
function hasFelixFields(felix: FelixFields | undefined): boolean {
  return felix !== undefined && Object.values(felix).some((v) => v !== undefined);
}

/**
 * The `felix` fields as the Calico API server checks them: modelled fields refused, the rest against
 * the CRD's schema and CEL rules, then the v3 API's validator where the schema found nothing at the
 * same field (felix-rules.ts).
 */
function felixFindings(chart: CalicoApiChart, felix: FelixFields, at: PathOf): Finding[] {
  const schema = felixSchemaFindings(felixSchema(), chart.felixConfiguration?.toJson(), felix, at, memosOf(chart));
  const reported = new Set(schema.map((f) => f.path));
  const passed = Object.fromEntries(passedFelixFields(felix));
  // A field the release lacks is reported as such (releaseFieldFindings), not once more by a rule of the newest release.
  const inRelease = chart.calico.release.fields.FelixConfiguration?.fields ?? {};
  const ofRelease = Object.fromEntries(Object.entries(passed).filter(([key]) => Object.hasOwn(inRelease, key)));
  const rules = felixRuleFindings(ofRelease, chart.calico.release, at).filter((f) => ![...reported].some((p) => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`)));
  const shadowing = { mtu: chart.calico.installation.resource.toJson()?.spec?.calicoNetwork?.mtu !== undefined, metrics: chart.calico.metrics };
  return [...modelledFelixFindings(felix, at), ...schema, ...rules, ...shadowedFelixFindings(felix, shadowing, at, pathOf(chart.calico))];
}

/** The FelixConfiguration CRD's schema (imports/crd-schemas.json: the newest release's), loaded on first use. */
function felixSchema(): JsonSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../imports/crd-schemas.json') as Record<string, JsonSchema>)['projectcalico.org/v3/FelixConfiguration'];
}
