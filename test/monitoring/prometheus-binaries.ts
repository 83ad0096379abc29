/**
 * Debian's `prometheus` package (prometheus + promtool) for the tests that run the real thing.
 * Where it is not installed those tests are skipped with the reason printed; with
 * CALICO_STACK_REQUIRE_PROMETHEUS=1 (set by .ci/run, which installs the package) a missing binary
 * fails instead, so CI always runs them.
 *
 * Debian builds Prometheus without Kubernetes service discovery ("removed due to the amount of
 * dependencies"), so these tests swap `kubernetes_sd_configs` for file-based discovery.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { K8sObject } from '../util';

export const REQUIRE_ENV = 'CALICO_STACK_REQUIRE_PROMETHEUS';

/** Absolute path of an executable on PATH, or undefined. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const PROMETHEUS_BIN = which('prometheus');
export const PROMTOOL_BIN = which('promtool');
const required = process.env[REQUIRE_ENV] === '1';

/**
 * `describe` when both binaries are installed; otherwise a skipped block with the reason logged,
 * or, when CI requires them, one failing test saying what is missing.
 */
export function describeWithPrometheus(name: string, fn: () => void): void {
  if (PROMETHEUS_BIN && PROMTOOL_BIN) {
    describe(name, fn);
    return;
  }
  const reason = 'Debian\'s prometheus package is not installed (apt-get install -y --no-install-recommends prometheus)';
  if (required) {
    test(`${name}: needs prometheus and promtool`, () => {
      throw new Error(`${REQUIRE_ENV}=1 but ${reason}`);
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, fn);
}

/** The `prometheus.yml` of a rendered monitoring chart, parsed. */
export function renderedPrometheusConfig(objects: readonly K8sObject[]): Record<string, any> {
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-config');
  if (!configMap) throw new Error('no ConfigMap prometheus-config');
  return parse(configMap.data['prometheus.yml']);
}
