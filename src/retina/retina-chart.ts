/**
 * The Retina chart: one output file, applied after the Calico custom resources.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { RetinaAgent, RetinaAgentProps } from './retina-agent';

/** Props of {@link RetinaChart}. */
export interface RetinaChartProps extends RetinaAgentProps, ChartProps {}

/** The chart of {@link RetinaAgent} (stage `retina`). */
export class RetinaChart extends Chart {
  public readonly agent: RetinaAgent;

  constructor(scope: Construct, id: string, props: RetinaChartProps) {
    super(scope, id, props);
    this.agent = new RetinaAgent(this, 'Agent', props);
  }
}
