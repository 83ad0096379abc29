/**
 * The Calico charts, one output file each, in apply order:
 * CalicoCrdsChart (only when the CRDs come from a file) → TigeraOperatorChart → CalicoChart.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CalicoCrds, CalicoCrdsProps } from './calico-crds';
import { CalicoInstallation, CalicoInstallationProps, DEFAULT_INSTANCE } from './installation';
import { CalicoRelease } from './releases';
import { TigeraOperator, TigeraOperatorProps } from './tigera-operator';
import { mustParseCidr } from '../config/cidr';
import { FelixConfiguration } from '../../imports/crd.projectcalico.org';
import { ApiServer, Goldmane, Whisker } from '../../imports/operator.tigera.io';

/** The chart of {@link CalicoCrds}: its own output file, applied first (stage `crds`). */
export class CalicoCrdsChart extends Chart {
  public readonly crds: CalicoCrds;

  constructor(scope: Construct, id: string, props: CalicoCrdsProps & ChartProps) {
    super(scope, id, props);
    this.crds = new CalicoCrds(this, 'Crds', props);
  }
}

/** The chart of {@link TigeraOperator}: its own output file, applied before the custom resources (stage `operator`). */
export class TigeraOperatorChart extends Chart {
  public readonly operator: TigeraOperator;

  constructor(scope: Construct, id: string, props: TigeraOperatorProps & ChartProps) {
    super(scope, id, props);
    this.operator = new TigeraOperator(this, 'Operator', props);
  }
}

/** Props of {@link CalicoChart}. */
export interface CalicoChartProps extends ChartProps {
  readonly release: CalicoRelease;
  readonly installation: CalicoInstallationProps;
  /** Render `APIServer/default`. @default true */
  readonly apiServer?: boolean;
  /** Render `Goldmane/default` (v3.30+). @default - true where the release has it */
  readonly goldmane?: boolean;
  /** Render `Whisker/default` (v3.30+; needs Goldmane). @default - same as goldmane */
  readonly whisker?: boolean;
  /**
   * Encrypt pod traffic with WireGuard: renders `FelixConfiguration/default` with WireGuard on for
   * the address families of the pools (IPv4 when there are none).
   * @default false
   */
  readonly wireguard?: boolean;
}

/** The Calico custom resources the operator reconciles. */
export class CalicoChart extends Chart {
  public readonly installation: CalicoInstallation;

  constructor(scope: Construct, id: string, props: CalicoChartProps) {
    super(scope, id, props);
    const { release } = props;
    const goldmane = props.goldmane ?? release.hasGoldmaneWhisker;
    const whisker = props.whisker ?? goldmane;
    if ((goldmane || whisker) && !release.hasGoldmaneWhisker) {
      throw new Error(`Calico ${release.version} has no Goldmane or Whisker custom resources`);
    }
    if (whisker && !goldmane) throw new Error('Whisker needs Goldmane');

    const metadata = { name: DEFAULT_INSTANCE };
    this.installation = new CalicoInstallation(this, 'Installation', props.installation);
    if (props.apiServer ?? true) new ApiServer(this, 'APIServer', { metadata, spec: {} });
    if (goldmane) new Goldmane(this, 'Goldmane', { metadata });
    if (whisker) new Whisker(this, 'Whisker', { metadata });
    if (props.wireguard) {
      const families = new Set(props.installation.ipPools.map((p) => mustParseCidr(p.cidr).family));
      new FelixConfiguration(this, 'FelixConfiguration', {
        metadata,
        spec: {
          ...(families.has(4) || families.size === 0 ? { wireguardEnabled: true } : {}),
          ...(families.has(6) ? { wireguardEnabledV6: true } : {}),
        },
      });
    }
  }
}
