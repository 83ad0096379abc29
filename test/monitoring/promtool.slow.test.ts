/**
 * `promtool check config` on the Prometheus configuration of the scenario (the shipped example) and
 * of a render with every job on. Debian's promtool has no Kubernetes discovery, so each job's
 * `kubernetes_sd_configs` (and only that) is swapped for file discovery; everything else, relabel
 * rules and their regexes included, is checked as rendered. promtool reads the file strictly, so a
 * key that Prometheus 2.42 does not know fails too.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { describeWithPrometheus, PROMTOOL_BIN, renderedPrometheusConfig } from './prometheus-binaries';
import { clusterDoc, config, render, scenario, tempDir } from '../util';

function promtoolCheck(prometheusConfig: Record<string, any>): { status: number | null; output: string } {
  const dir = tempDir({ 'targets.json': '[]' });
  const swapped = {
    ...prometheusConfig,
    scrape_configs: prometheusConfig.scrape_configs.map(({ kubernetes_sd_configs: sd, ...job }: Record<string, unknown>) => (
      sd ? { ...job, file_sd_configs: [{ files: [path.join(dir, 'targets.json')] }] } : job
    )),
  };
  const file = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(file, stringify(swapped));
  const r = spawnSync(PROMTOOL_BIN!, ['check', 'config', file], { encoding: 'utf8', timeout: 20_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describeWithPrometheus('promtool check config', () => {
  test('the scenario (the shipped example)', () => {
    const r = promtoolCheck(renderedPrometheusConfig(render(scenario())['monitoring']));
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  test('every job on (Retina, node-exporter, Felix, Typha, Prometheus)', () => {
    const objects = render(config(clusterDoc({ calico: { metrics: true } })))['monitoring'];
    const prometheusConfig = renderedPrometheusConfig(objects);
    expect(prometheusConfig.scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['retina', 'node-exporter', 'calico-felix', 'calico-typha', 'prometheus']);
    const r = promtoolCheck(prometheusConfig);
    expect(r.status).toBe(0);
  });

  test('fails when a relabel regex is broken (the check can fail)', () => {
    const prometheusConfig = renderedPrometheusConfig(render(config(clusterDoc()))['monitoring']);
    prometheusConfig.scrape_configs[0].relabel_configs[0].regex = 'retina(';
    const r = promtoolCheck(prometheusConfig);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/error parsing regexp/);
  });
});
