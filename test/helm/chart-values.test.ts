/**
 * The chart-values list and table (src/app/helm/chart-values*.json, chart-values.ts): every value of
 * the chart's values.yaml has a row, the rows name keys the cluster file has, and the guide's table
 * is the table's.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BEGIN, chartVersionOf, END, withTable } from '../../scripts/chart-values';
import { CARRY_KINDS, CHART_VALUE_TABLE, CHART_VALUES, chartValuesMarkdown, listChartValues, valuesWithoutRow } from '../../src/app/helm/chart-values';
import { readValuesFileText } from '../../src/app/helm/values-file';
import { MODELLED_FIELDS } from '../../src/lib/calico/installation-fields';
import { calicoSchema, clusterFileSchema, platformSchema } from '../../src/app/config/schema';
import { FIXTURES, ROOT } from '../util';

test('every value of the chart\'s values.yaml (chart-values.json) has a row in the table', () => {
  expect(CHART_VALUES.values.length).toBeGreaterThan(30);
  expect(valuesWithoutRow()).toEqual([]);
});

test('fails when a chart value has no row: a value the next chart adds shows up as missing', () => {
  const next = { ...CHART_VALUES, values: [...CHART_VALUES.values, { path: 'aNewValue', default: 1 }, { path: 'tigeraOperator.newKey', default: '' }] };
  expect(valuesWithoutRow(next)).toEqual(['aNewValue', 'tigeraOperator.newKey']);
});

test('every row is a value of the list or one the templates read (templateOnly), once', () => {
  const listed = new Set(CHART_VALUES.values.map((v) => v.path));
  const rows = CHART_VALUE_TABLE.rows.map((r) => r.value);
  expect(new Set(rows).size).toBe(rows.length);
  expect(CHART_VALUE_TABLE.rows.filter((r) => !listed.has(r.value) && r.templateOnly !== true).map((r) => r.value)).toEqual([]);
  expect(CHART_VALUE_TABLE.rows.filter((r) => listed.has(r.value) && r.templateOnly === true).map((r) => r.value)).toEqual([]);
  expect(CHART_VALUE_TABLE.version).toBe(CHART_VALUES.version);
});

test('each `to` that names one key names a key of the cluster file', () => {
  const sections: Record<string, { shape: Record<string, unknown> }> = {
    calico: calicoSchema as never, platform: platformSchema as never,
    operator: (clusterFileSchema.shape as Record<string, { unwrap?: () => { shape: Record<string, unknown> } }>).operator.unwrap!() as never,
  };
  const single = CHART_VALUE_TABLE.rows.map((r) => r.to).filter((to): to is string => to !== undefined && /^\w+\.\w+$/.test(to));
  expect(single.length).toBeGreaterThan(15);
  for (const to of single) {
    const [section, key] = to.split('.');
    expect([to, Object.hasOwn(sections[section].shape, key)]).toEqual([to, true]);
  }
  // Every way of carrying a value is used by a row.
  expect(new Set(CHART_VALUE_TABLE.rows.map((r) => r.how))).toEqual(new Set(CARRY_KINDS));
});

test('the list is made from a values.yaml: top-level values, keys of a mapping of named values (those its comments document too), a free-form map as one value', () => {
  const { data, text } = readValuesFileText(path.join(FIXTURES, 'from-helm', 'chart-values-mini.yaml'));
  expect(listChartValues(data, text)).toEqual([
    { path: 'installation' },
    { path: 'installation.enabled', default: true },
    { path: 'installation.kubernetesProvider', default: '' },
    { path: 'installation.registry', commented: true },
    { path: 'installation.calicoNetwork', commented: true },
    { path: 'nodeSelector', default: { 'kubernetes.io/os': 'linux' } },
    { path: 'tolerations', default: [] },
    { path: 'certs' },
    { path: 'certs.node', default: { key: null } },
    { path: 'aNewValue', default: 1 },
  ]);
});

test('the guide\'s table (docs/from-helm.md) is the table\'s (npm run chart-values rewrites it)', () => {
  const guide = fs.readFileSync(path.join(ROOT, 'docs', 'from-helm.md'), 'utf8');
  expect(guide).toContain(BEGIN);
  expect(guide).toContain(END);
  expect(withTable(guide, chartValuesMarkdown())).toBe(guide);
  for (const row of CHART_VALUE_TABLE.rows) expect(guide).toContain(`| \`${row.value}\``);
});

test('the Installation\'s rows name the key the cluster file models the field with (installation-fields.ts), else the passthrough', () => {
  const rows = CHART_VALUE_TABLE.rows.filter((r) => r.value.startsWith('installation.') && !['installation.enabled', 'installation.calicoNetwork'].includes(r.value));
  expect(rows.length).toBeGreaterThan(10);
  for (const row of rows) {
    const field = row.value.slice('installation.'.length);
    const expected = Object.hasOwn(MODELLED_FIELDS, field) ? `calico.${MODELLED_FIELDS[field]}` : `calico.installation.${field}`;
    expect([row.value, row.to]).toEqual([row.value, expected]);
  }
  // Documented in the chart's comments: the keys users uncomment.
  expect(CHART_VALUES.values.filter((v) => v.commented).map((v) => v.path)).toEqual(expect.arrayContaining(['installation.registry', 'installation.calicoNetwork', 'installation.nodeMetricsPort']));
});

test('the chart\'s version is its values\' calicoctl.tag unless --version says it', () => {
  expect(chartVersionOf({ calicoctl: { image: 'quay.io/calico/ctl', tag: 'v3.32.1' } })).toBe('v3.32.1');
  expect(chartVersionOf({ calicoctl: { tag: 'master' } })).toBeUndefined();
  expect(chartVersionOf({})).toBeUndefined();
  expect(CHART_VALUES.version).toBe(chartVersionOf({ calicoctl: { tag: CHART_VALUES.values.find((v) => v.path === 'calicoctl.tag')!.default } }));
});
