/**
 * The chart of Calico's CRDs when they come from a file (releases whose operator cannot create
 * them); applied first.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CalicoCrds, CalicoCrdsProps } from './calico-crds';

export interface CalicoCrdsChartProps extends CalicoCrdsProps, ChartProps {}

export class CalicoCrdsChart extends Chart {
  public readonly crds: CalicoCrds;

  constructor(scope: Construct, id: string, props: CalicoCrdsChartProps) {
    super(scope, id, props);
    this.crds = new CalicoCrds(this, 'Crds', props);
  }
}
