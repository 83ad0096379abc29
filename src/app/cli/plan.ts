/** `plan`: per cluster, its findings, what is required before apply, and what the network must allow. */
import { comparisonFindings, folderOf, loadAndCheck, Target } from './clusters';
import { formatFindings, hasErrors } from '../../lib/common/findings';
import { renderStack } from '../../lib/render/render';
import { OutputDirectory } from '../output/output-directory';
import { renderedInstallation } from '../output/previous-render';
import { asNumberLines } from '../plan/bgp-plan';
import { kubeProxyPlan } from '../plan/kube-proxy';
import { formatManualSteps, manualSteps } from '../plan/manual-steps';
import { formatTable, networkRequirements } from '../plan/network-requirements';
import { prerequisites } from '../plan/prerequisites';

/** Prints, per cluster, the findings and the network requirements; exit 1 when any cluster has errors. */
export function plan(files: readonly string[], out: OutputDirectory, target: Target): number {
  let failed = false;
  for (const file of files) {
    const { spec, stack, findings: own } = loadAndCheck(file);
    const rendered = spec && stack && !hasErrors(own) ? renderStack(stack) : undefined;
    const findings = spec && rendered ? [...own, ...comparisonFindings(out, folderOf(target, spec.name), renderedInstallation(rendered))] : own;
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
    process.stdout.write('\n');
  }
  return failed ? 1 : 0;
}
