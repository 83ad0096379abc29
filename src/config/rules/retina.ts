/**
 * Retina rules: plugin names the release has, plugins that do nothing useful in basic mode on a
 * Calico cluster, and the linuxutil/tunl0 log noise of releases before the ethtool fix.
 */
import { ClusterConfig } from '../cluster-config';
import { formatDuration } from '../../common/duration';
import { error, Finding, warning } from '../../common/findings';
import { closest } from '../parse';
import { IPIP_ENCAPSULATIONS } from '../../calico/enums';
import { ADVANCED_ONLY_PLUGINS, ETHTOOL_FIX_VERSION, RETINA_VERSIONS, RetinaPlugin, retinaRelease, WINDOWS_PLUGINS } from '../../retina/releases';

export const retinaRule = (config: ClusterConfig): Finding[] => {
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

