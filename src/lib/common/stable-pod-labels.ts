/**
 * cdk8s-plus labels every workload's pod template with `cdk8s.io/metadata.addr`, a value built from
 * the workload's construct path. calico-stack's workloads select their pods by their own labels
 * (`select: false`), so the label selects nothing; it would only make the rendered pods depend on
 * where a CalicoStack sits in an app (its id), and roll them when that changes. It is removed from
 * the finished object.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Pod, Workload } from 'cdk8s-plus-28';

/** Removes cdk8s-plus' construct-path label from `workload`'s pod template. */
export function withoutAddressLabel<W extends Workload>(workload: W): W {
  const key = Pod.ADDRESS_LABEL.replace(/~/g, '~0').replace(/\//g, '~1');
  ApiObject.of(workload).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${key}`));
  return workload;
}
