import { Chart } from 'cdk8s';
import { orderStages, Stage, STAGES } from '../../src/lib/gitops/stages';
import { clusterDoc, config, FIXTURES, testApp } from '../util';

describe('stages', () => {
  test('the table lists every stage once, in apply order, with rising sync waves (CRDs first, negative)', () => {
    expect([...STAGES.keys()]).toEqual([Stage.CRDS, Stage.OPERATOR, Stage.CALICO, Stage.CALICO_API, Stage.RETINA, Stage.MONITORING]);
    const waves = [...STAGES.values()].map((s) => s.syncWave);
    expect(waves).toEqual([...waves].sort((a, b) => a - b));
    expect(new Set(waves).size).toBe(waves.length);
    expect(STAGES.get(Stage.CRDS)!.syncWave).toBeLessThan(0);
  });

  test('orderStages sorts charts by stage, whatever order they are listed in, and chains their dependencies', () => {
    const app = testApp();
    const [m, c, o] = ['monitoring', 'calico', 'operator'].map((id) => new Chart(app, id));
    const ordered = orderStages([{ stage: Stage.MONITORING, chart: m }, { stage: Stage.CALICO, chart: c }, { stage: Stage.OPERATOR, chart: o }]);
    expect(ordered.map((s) => s.chart.node.id)).toEqual(['operator', 'calico', 'monitoring']);
    expect(app.charts.map((x) => x.node.id)).toEqual(['operator', 'calico', 'monitoring']);
  });

  test('CalicoStack puts each chart in its stage: CRDs from a file, operator, Calico custom resources, Retina, monitoring', () => {
    const withFile = (config(clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` } })));
    expect(withFile.stages.map((s) => [s.stage, s.chart.node.id])).toEqual([
      [Stage.CRDS, 'cluster-calico-crds'], [Stage.OPERATOR, 'cluster-tigera-operator'], [Stage.CALICO, 'cluster-calico'], [Stage.RETINA, 'cluster-retina'], [Stage.MONITORING, 'cluster-monitoring'],
    ]);
    const byOperator = (config(clusterDoc()));
    expect(byOperator.stages.map((s) => s.stage)).toEqual([Stage.OPERATOR, Stage.CALICO, Stage.RETINA, Stage.MONITORING]);
    const noRetina = (config(clusterDoc({ retina: { enabled: false }, monitoring: { enabled: false } })));
    expect(noRetina.stages.map((s) => s.stage)).toEqual([Stage.OPERATOR, Stage.CALICO]);
  });
});
