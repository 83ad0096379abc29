import { Chart, Testing } from 'cdk8s';
import { buildApp } from '../src/app';
import { allObjects, K8sObject, render, scenario, testApp } from './util';

describe('buildApp', () => {
  test('names the charts after their stage, prefixed with idPrefix, and renders the same objects either way', () => {
    const c = scenario();
    const app = testApp();
    const prefixed = buildApp(app, c, { idPrefix: 'lab-' });
    const plain = buildApp(app, c);
    expect(prefixed.stages.map(({ chart }) => chart.node.id)).toEqual(['lab-tigera-operator', 'lab-calico', 'lab-retina', 'lab-monitoring']);
    expect(plain.stages.map(({ chart }) => chart.node.id)).toEqual(['tigera-operator', 'calico', 'retina', 'monitoring']);
    const objects = (charts: readonly Chart[]) => charts.map((chart) => Testing.synth(chart) as K8sObject[]);
    expect(objects(prefixed.stages.map((s) => s.chart))).toEqual(objects(plain.stages.map((s) => s.chart)));
  });

  test('renders no pod template label derived from a construct path', () => {
    const templates = allObjects(render(scenario())).flatMap((o) => (o.spec?.template ? [o.spec.template.metadata] : []));
    expect(templates.length).toBeGreaterThanOrEqual(4);
    for (const metadata of templates) expect(Object.keys(metadata.labels ?? {})).not.toContain('cdk8s.io/metadata.addr');
  });
});
