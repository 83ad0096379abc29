/**
 * Semantic validation: rules over a whole ClusterConfig that the schema alone cannot express.
 * Pure; returns every finding at once. Each rule is a function from the config to findings.
 */
import { ClusterConfig } from './cluster-config';
import { formatDuration } from './duration';
import { error, Finding, warning } from './findings';
import { closest } from './parse';
import { CRDS_BY_OPERATOR } from './schema';
import { IPIP_ENCAPSULATIONS } from '../calico/enums';
import { CALICO_VERSIONS } from '../calico/releases';
import { ADVANCED_ONLY_PLUGINS, ETHTOOL_FIX_VERSION, RETINA_VERSIONS, RetinaPlugin, retinaRelease, WINDOWS_PLUGINS } from '../retina/releases';

export type Rule = (config: ClusterConfig) => Finding[];

/** The CRDs each optional custom resource needs, by CRD name. */
function requiredCrds(config: ClusterConfig): string[] {
  const c = config.calico;
  return [
    'installations.operator.tigera.io',
    ...(c.apiServer ? ['apiservers.operator.tigera.io'] : []),
    ...(c.goldmane ? ['goldmanes.operator.tigera.io'] : []),
    ...(c.whisker ? ['whiskers.operator.tigera.io'] : []),
    ...(c.wireguard ? ['felixconfigurations.crd.projectcalico.org'] : []),
  ];
}

/** Release rules: CRD source, custom resources and enum values the chosen release has. */
export const releaseRules: Rule = (config) => {
  const c = config.calico;
  const r = c.release;
  const findings: Finding[] = [];
  const fetchHint = `download them with \`npm run fetch-crds -- ${r.version}\` and set calico.crds to that file`;
  if (c.crds === undefined) {
    findings.push(error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) cannot create its own CRDs, so they must come from a file`, {
      got: undefined, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
    }));
  } else if (c.crds === CRDS_BY_OPERATOR) {
    if (!r.operatorCreatesCrds) {
      findings.push(error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) runs without -manage-crds and cannot create its own CRDs`, {
        got: CRDS_BY_OPERATOR, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
      }));
    }
  } else {
    const names = new Set(c.crds.crds.map((crd) => crd.metadata.name));
    const missing = requiredCrds(config).filter((n) => !names.has(n));
    if (missing.length > 0) {
      findings.push(error('calico.crds', `${c.crds.path} lacks CRDs this cluster needs: ${missing.join(', ')}`, {
        fix: `use the operator-crds.yaml of Calico ${r.version} (npm run fetch-crds -- ${r.version})`,
      }));
    }
  }
  if (!r.hasGoldmaneWhisker) {
    for (const key of ['goldmane', 'whisker'] as const) {
      if (c[key]) {
        findings.push(error(`calico.${key}`, `Calico ${r.version} has no ${key === 'goldmane' ? 'Goldmane' : 'Whisker'} (it first shipped with v3.30.0)`, {
          got: true, allowed: 'false', fix: `remove the key, or choose calico.version ${CALICO_VERSIONS.join(' / ')} with Goldmane`,
        }));
      }
    }
  } else if (c.whisker && !c.goldmane) {
    findings.push(error('calico.whisker', 'Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker")', {
      got: true, fix: 'set calico.goldmane: true, or calico.whisker: false',
    }));
  }
  if (c.linuxDataplane !== undefined && !r.linuxDataplanes.includes(c.linuxDataplane)) {
    findings.push(error('calico.linuxDataplane', `is not available in Calico ${r.version}`, {
      got: c.linuxDataplane, allowed: r.linuxDataplanes.join(', '),
    }));
  }
  c.ipPools.forEach((pool, i) => {
    for (const use of pool.allowedUses ?? []) {
      if (!r.allowedUses.includes(use)) {
        findings.push(error(`calico.ipPools[${i}].allowedUses`, `${JSON.stringify(use)} is not available in Calico ${r.version}`, {
          allowed: r.allowedUses.join(', '),
        }));
      }
    }
  });
  return findings;
};

/**
 * Retina rules: plugin names the release has, plugins that do nothing useful in basic mode on a
 * Calico cluster, and the linuxutil/tunl0 log noise of releases before the ethtool fix.
 */
export const retinaRules: Rule = (config) => {
  const r = config.retina;
  if (!r.enabled) return [];
  const { version, linuxPlugins } = r.release;
  const findings: Finding[] = [];
  r.plugins.forEach((name, i) => {
    const path = `retina.plugins[${i}]`;
    const plugin = linuxPlugins.find((p) => p === name);
    if (!plugin) {
      const near = closest(name, linuxPlugins);
      findings.push(error(path, `is not a Linux plugin of Retina ${version}`, {
        got: name,
        allowed: linuxPlugins.join(', '),
        fix: WINDOWS_PLUGINS.includes(name)
          ? `${name} is a Windows plugin; calico-stack renders the Linux agent only, remove it`
          : near ? `did you mean ${JSON.stringify(near)}?` : 'remove it, or choose one of the allowed names',
      }));
    } else if (r.plugins.indexOf(name) !== i) {
      findings.push(error(path, 'is listed twice', { got: name, fix: 'remove the second entry' }));
    } else if (ADVANCED_ONLY_PLUGINS.includes(plugin)) {
      findings.push(warning(path, 'exports no metrics in basic mode (it feeds advanced mode\'s pod-level metrics, which calico-stack does not render)', {
        got: name, fix: 'remove it: it costs CPU on every node for nothing',
      }));
    } else if (plugin === RetinaPlugin.CILIUM_EVENT_OBSERVER) {
      findings.push(warning(path, 'reads events from the Cilium agent\'s monitor socket, which a Calico cluster does not have', {
        got: name, fix: 'remove it',
      }));
    }
  });
  const ipipPools = config.calico.ipPools.filter((p) => IPIP_ENCAPSULATIONS.includes(p.encapsulation));
  const linuxutil = r.plugins.indexOf(RetinaPlugin.LINUX_UTIL);
  if (r.release.ethtoolErrorEveryInterval && ipipPools.length > 0 && linuxutil >= 0) {
    const fixed = RETINA_VERSIONS.filter((v) => !retinaRelease(v).ethtoolErrorEveryInterval);
    findings.push(warning(`retina.plugins[${linuxutil}]`, `linuxutil of Retina ${version} logs an ethtool error for tunl0 (the IPIP tunnel of pool ${ipipPools.map((p) => p.name).join(', ')}) on every node every ${formatDuration(r.metricsInterval)}; harmless, fixed in Retina ${ETHTOOL_FIX_VERSION}`, {
      got: RetinaPlugin.LINUX_UTIL,
      fix: `set retina.version: ${fixed.join(' or ')}, or accept the log lines (dropping linuxutil also drops the TCP, UDP, IP and interface metrics)`,
    }));
  }
  return findings;
};

/** Every rule, in the order findings are reported. */
export const RULES: readonly Rule[] = [releaseRules, retinaRules];

export function validateCluster(config: ClusterConfig): Finding[] {
  return RULES.flatMap((rule) => rule(config));
}
