/**
 * The Retina chart: one output file, applied after the Calico custom resources. Its props are the
 * `retina` section of a cluster file (names and durations as written); it resolves the release and
 * the plugins, and checks them against the release.
 */
import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { RetinaAgent } from './retina-agent';
import {
  ADVANCED_ONLY_PLUGINS, DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, LogLevel, RELEASES, RETINA_VERSIONS, RetinaPlugin, RetinaRelease, WINDOWS_PLUGINS,
} from './releases';
import { addChecks, PathOf } from '../common/checks';
import { closest } from '../common/closest';
import { parseDuration } from '../common/duration';
import { error, Finding, show, warning } from '../common/findings';
import { propsShape } from '../common/props-check';
import { choiceFindings, intervalFindings } from '../common/value-checks';

/** Props of {@link RetinaChart}: the `retina` section of a cluster file. */
export interface RetinaChartProps extends ChartProps {
  /** The Retina release. @default DEFAULT_RETINA_VERSION */
  readonly version?: string;
  /**
   * Linux plugins to enable (`enabledPlugin`), by name; each must be one the release has.
   * @default - dropreason, packetforward, linuxutil, dns (upstream's default)
   */
  readonly plugins?: readonly string[];
  /** @default LogLevel.INFO */
  readonly logLevel?: `${LogLevel}`;
  /** How often plugins are polled, a Go duration of at least 1s. @default - the agent's, 10s */
  readonly metricsInterval?: string;
  /**
   * Tolerate the kubeadm control-plane taint, so that node is observed too.
   * @default true
   */
  readonly tolerateControlPlane?: boolean;
}

/** The chart of {@link RetinaAgent} (stage `retina`). */
export class RetinaChart extends Chart {
  public readonly agent: RetinaAgent;
  /** The release rendered (the default one when `version` names none calico-stack knows; a finding says so). */
  public readonly release: RetinaRelease;
  /** How often plugins are polled, as rendered. */
  public get metricsInterval(): Duration {
    return this.agent.metricsInterval;
  }

  constructor(scope: Construct, id: string, props: RetinaChartProps = {}) {
    const shape = propsShape('RetinaChartProps', props);
    props = shape.props;
    const { version, plugins, logLevel, metricsInterval, tolerateControlPlane, ...chartProps } = props;
    super(scope, id, chartProps);
    shape.report(this);
    const known = RELEASES.find((r) => r.version === (version ?? DEFAULT_RETINA_VERSION));
    this.release = known ?? RELEASES.find((r) => r.version === DEFAULT_RETINA_VERSION)!;
    const names = plugins ?? DEFAULT_PLUGINS;
    // Unknown and repeated names are findings; the agent gets the rest once each.
    const valid = [...new Set(names)].filter((n): n is RetinaPlugin => this.release.linuxPlugins.some((p) => p === n));
    this.agent = new RetinaAgent(this, 'Agent', {
      release: this.release,
      // With none valid, the agent renders the defaults; the findings above fail the synth anyway.
      plugins: valid.length > 0 ? valid : DEFAULT_PLUGINS,
      logLevel: logLevel as LogLevel | undefined,
      // An interval that does not parse is a finding; the agent's default renders meanwhile.
      metricsInterval: metricsInterval !== undefined ? parseDuration(metricsInterval) : undefined,
      tolerateControlPlane,
    });
    addChecks(this, (at) => retinaFindings(this, names, props, known !== undefined, at));
  }
}

function retinaFindings(chart: RetinaChart, names: readonly string[], props: RetinaChartProps, known: boolean, at: PathOf): Finding[] {
  if (!known) return [error(at('version'), `${show(props.version)} is not one of ${RETINA_VERSIONS.join(', ')}`)];
  const { version, linuxPlugins } = chart.release;
  const findings: Finding[] = [
    ...(props.metricsInterval !== undefined ? intervalFindings(at('metricsInterval'), props.metricsInterval) : []),
    ...(props.logLevel !== undefined ? choiceFindings(at('logLevel'), props.logLevel, Object.values(LogLevel)) : []),
  ];
  if (names.length === 0) findings.push(error(at('plugins'), 'needs at least 1 item(s)', { got: [] }));
  names.forEach((name, i) => {
    const path = at('plugins', i);
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
    } else if (names.indexOf(name) !== i) {
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
  return findings;
}
