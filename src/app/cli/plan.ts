/** `plan`: per cluster, its findings, what is required before apply, what the network must allow, and the upgrade plan. */
import { comparisonFindings, folderOf, loadAndCheck, Target, upgradeOf } from './clusters';
import { formatFindings, hasErrors } from '../../lib/common/findings';
import { renderStack } from '../../lib/render/render';
import { OutputDirectory } from '../output/output-directory';
import { poolProcedures } from '../day2/pool-changes';
import { formatUpgradePlan } from '../day2/upgrade-plan';
import { committedInstallation, renderedInstallation } from '../output/previous-render';
import { asNumberLines } from '../plan/bgp-plan';
import { kubeProxyPlan } from '../plan/kube-proxy';
import { formatManualSteps, manualSteps } from '../plan/manual-steps';
import { formatTable, networkRequirements } from '../plan/network-requirements';
import { prerequisites } from '../plan/prerequisites';

/** `{ key: value }` when value is defined, `{}` otherwise (for exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [k in K]?: V });
}

/**
 * Prints, per cluster, the findings, the network requirements, and compared with the committed
 * render the upgrade plan and the changes the operator cannot make in place; exit 1 when any
 * cluster has errors.
 */
export function plan(files: readonly string[], out: OutputDirectory, target: Target): number {
  let failed = false;
  for (const file of files) {
    const { spec, stack, findings: own, membership } = loadAndCheck(file, target.repository);
    const rendered = spec && stack && !hasErrors(own) ? renderStack(stack, membership) : undefined;
    const folder = spec ? folderOf(target, spec.name) : '';
    // Compared with the committed render: what the operator cannot change in place, and the upgrade plan.
    // The cluster's Kubernetes version: platform.kubernetesVersion, else the kubeadm-config's (CalicoStack resolves it).
    const upgrade = spec && stack && rendered ? upgradeOf(out, folder, rendered, { clusterFile: file, ...optional('kubernetes', stack.platform.kubernetesVersion) }) : undefined;
    const procedures = rendered ? poolProcedures(committedInstallation(out.folderPath(folder)), renderedInstallation(rendered)) : [];
    const findings = spec && rendered ? [...own, ...comparisonFindings(out, folder, renderedInstallation(rendered)), ...(upgrade?.findings ?? [])] : own;
    failed ||= hasErrors(findings);
    const title = stack ? `${stack.clusterName} (${file}): Calico ${stack.calico.release.version} on ${stack.platform.cloud}` : file;
    process.stdout.write(`${title}\n\n${findings.length > 0 ? formatFindings(findings, file) : `${file}: no findings`}\n`);
    const required = stack ? prerequisites(stack) : [];
    if (required.length > 0) process.stdout.write(`\nRequired before apply:\n${required.map((line) => `  ${line}`).join('\n')}\n`);
    if (stack) {
      process.stdout.write(`\nkube-proxy:\n${kubeProxyPlan(stack).map((line) => `  ${line}`).join('\n')}\n`);
      process.stdout.write(`\nNetwork requirements:\n${formatTable(networkRequirements(stack)).replace(/^/gm, '  ')}\n`);
      const as = asNumberLines(stack);
      if (as.length > 0) process.stdout.write(`\nBGP AS numbers:\n${as.map((l) => `  ${l}`).join('\n')}\n`);
      // Derived from the rendered files, so only for a cluster without errors (a render of one throws).
      const steps = rendered ? manualSteps(stack, { files: rendered }) : [];
      if (steps.length > 0) process.stdout.write(`\nSteps a manifest cannot take (do them by hand, in this order):\n${formatManualSteps(steps)}\n`);
    }
    if (upgrade) process.stdout.write(`\nUpgrade plan:\n${formatUpgradePlan(upgrade).map((l) => (l ? `  ${l}` : '')).join('\n')}\n`);
    if (procedures.length > 0) {
      process.stdout.write('\nChanges the operator cannot make in place (compared with the committed folder), step by step:\n');
      for (const p of procedures) process.stdout.write(`  ${p.path}: ${p.title}\n${p.steps.map((s, i) => `    ${i + 1}. ${s}`).join('\n')}\n    (${p.source})\n`);
    }
    process.stdout.write('\n');
  }
  return failed ? 1 : 0;
}
