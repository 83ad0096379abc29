/**
 * A prometheus-operator PrometheusRule holding rule groups: the operator writes its `spec.groups`
 * into a rule file of every Prometheus whose `ruleSelector` (and `ruleNamespaceSelector`) match it,
 * in the format of a rule file (the same keys), so the groups are those standalone mode loads
 * through `rule_files`.
 */
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule' with { 'resolution-mode': 'import' };
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { RuleGroup } from './alert-rules';
import { DEFAULT_MONITORING_NAMESPACE } from './labels';
import { DEFAULT_RELEASE_LABELS, MONITORING_API_VERSION } from './pod-monitor';
import { checkedProps } from '../common/props-check';
import { renderableLabels, setUserLabels } from '../common/user-keys';

/** Props of {@link PrometheusRule}. */
export interface PrometheusRuleProps {
  /** The rule groups. */
  readonly groups: readonly RuleGroup[];
  /**
   * Name of the PrometheusRule.
   * @default 'calico-stack'
   */
  readonly name?: string;
  /**
   * Namespace of the PrometheusRule.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels of the PrometheusRule: those the Prometheus' `ruleSelector` matches.
   * @default { release: 'prometheus' } (kube-prometheus-stack installed as release `prometheus`)
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A PrometheusRule with the given rule groups. */
export class PrometheusRule extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly labels: Readonly<Record<string, string>>;
  public readonly groups: readonly RuleGroup[];
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: PrometheusRuleProps) {
    super(scope, id);
    props = checkedProps(this, 'PrometheusRuleProps', props);
    this.name = props.name ?? 'calico-stack';
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.labels = props.labels ?? DEFAULT_RELEASE_LABELS;
    this.groups = props.groups;
    const rule: IPrometheusRule = {
      apiVersion: MONITORING_API_VERSION,
      kind: 'PrometheusRule',
      metadata: { name: this.name, namespace: this.namespace, labels: renderableLabels(this.labels) },
      spec: {
        groups: this.groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ('alert' in r
            ? { ...r, labels: { ...r.labels }, annotations: { ...r.annotations } }
            : { ...r })),
        })),
      },
    };
    this.resource = new ApiObject(this, 'Resource', rule);
    // The labels are the user's (a Prometheus' ruleSelector): any key is data (user-keys.ts).
    setUserLabels(this.resource, this.labels);
  }
}
