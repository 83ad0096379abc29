/**
 * Labels of the monitoring objects, computed once per component: the selector labels (the
 * workload's selector, which the pod template carries, the Service and any NetworkPolicy select
 * by the same object) and the object labels (selector labels plus version and part-of).
 */
import { LabelSelector } from 'cdk8s-plus-28';
import { Image } from './images';

/** Namespace of the monitoring objects when none is given. */
export const DEFAULT_MONITORING_NAMESPACE = 'monitoring';

/** `app.kubernetes.io/instance` of every monitoring object. */
const INSTANCE = 'calico-stack-monitoring';
const PART_OF = 'calico-stack';

export interface ComponentLabels {
  /** Select the component's pods; never change once applied (workload selectors are immutable). */
  readonly selector: Readonly<Record<string, string>>;
  /** {@link selector} as cdk8s-plus workloads take it (`select()`). */
  readonly podSelector: LabelSelector;
  /** Every object of the component carries these, its pods too. */
  readonly all: Readonly<Record<string, string>>;
}

export function componentLabels(name: string, image?: Image): ComponentLabels {
  const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': INSTANCE };
  return {
    selector,
    podSelector: LabelSelector.of({ labels: { ...selector } }),
    all: { ...selector, ...(image ? { 'app.kubernetes.io/version': image.version } : {}), 'app.kubernetes.io/part-of': PART_OF },
  };
}
