/**
 * The chart of the Tigera operator (namespace, RBAC, deployment); applied before the Calico custom
 * resources.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { calicoRelease, DEFAULT_CALICO_VERSION } from './releases';
import { TigeraOperator, TigeraOperatorProps } from './tigera-operator';
import { propsShape } from '../common/props-check';

/** Props of {@link TigeraOperatorChart}. */
export interface TigeraOperatorChartProps extends TigeraOperatorProps, ChartProps {}

/** The chart of {@link TigeraOperator} (stage `operator`). */
export class TigeraOperatorChart extends Chart {
  public readonly operator: TigeraOperator;

  constructor(scope: Construct, id: string, props: TigeraOperatorChartProps) {
    const shape = propsShape('TigeraOperatorChartProps', props, () => ({ release: calicoRelease(DEFAULT_CALICO_VERSION) }));
    const { namespace, labels, disableResourceNameHashes, ...operatorProps } = shape.props;
    super(scope, id, { namespace, labels, disableResourceNameHashes });
    shape.report(this);
    this.operator = new TigeraOperator(this, 'Operator', operatorProps);
  }
}
