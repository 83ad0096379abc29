/**
 * The chart of Calico's CRDs when they come from a file (releases whose operator cannot create
 * them); applied first.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { CalicoCrds, CalicoCrdsProps } from './calico-crds';
import { propsShape } from '../common/props-check';

/** Props of {@link CalicoCrdsChart}. */
export interface CalicoCrdsChartProps extends CalicoCrdsProps, ChartProps {}

/** The chart of {@link CalicoCrds} (stage `crds`). */
export class CalicoCrdsChart extends Chart {
  public readonly crds: CalicoCrds;

  constructor(scope: Construct, id: string, props: CalicoCrdsChartProps) {
    const shape = propsShape('CalicoCrdsChartProps', props);
    const { namespace, labels, disableResourceNameHashes, ...crdsProps } = shape.props;
    super(scope, id, { namespace, labels, disableResourceNameHashes });
    shape.report(this);
    this.crds = new CalicoCrds(this, 'Crds', crdsProps);
  }
}
