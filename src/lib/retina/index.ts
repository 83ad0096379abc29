/**
 * Retina: the agent in basic mode, its chart and its releases as data.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module retina
 */
export { RetinaAgent, type RetinaAgentProps, RETINA_NAMESPACE, RETINA_PORT } from './retina-agent';
export { RetinaChart, type RetinaChartProps } from './retina-chart';
export {
  type AgentVolume, ConfigKey, DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, ETHTOOL_FIX_VERSION, LogLevel, type MetricsProbe,
  RELEASES as RETINA_RELEASES, RETINA_VERSIONS, RetinaPlugin, type RetinaRelease, retinaRelease, VolumeSource,
} from './releases';
