/**
 * The chart of the Tigera operator (namespace, RBAC, deployment); applied before the Calico custom
 * resources.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { TigeraOperator, TigeraOperatorProps } from './tigera-operator';

/** Props of {@link TigeraOperatorChart}. */
export interface TigeraOperatorChartProps extends TigeraOperatorProps, ChartProps {}

/** The chart of {@link TigeraOperator} (stage `operator`). */
export class TigeraOperatorChart extends Chart {
  public readonly operator: TigeraOperator;

  constructor(scope: Construct, id: string, props: TigeraOperatorChartProps) {
    super(scope, id, props);
    this.operator = new TigeraOperator(this, 'Operator', props);
  }
}
