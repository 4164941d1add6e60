import { App, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { SECURITY_PACKS } from '../bin/security-checks';

/**
 * Synthesizes the app of `stack` with every pack of `SECURITY_PACKS` registered as a Validations
 * plugin, as the user's `cdk synth` runs them, and returns each unacknowledged finding (error or
 * warning) as `Rule path` for the resources whose construct path starts with `<stack>/<one of under>`.
 * Synthesis fails when a pack reports anything; the findings are read from the packs' reports, and
 * any other synthesis error is thrown.
 */
export function findingsAtSynth(stack: Stack, under: readonly string[]): string[] {
  const app = stack.node.root as App;
  const reports: PolicyValidationPluginReport[] = [];
  const recording = (plugin: IPolicyValidationPlugin): IPolicyValidationPlugin => ({
    name: plugin.name,
    version: plugin.version,
    ruleIds: plugin.ruleIds,
    validate: (context) => {
      const report = plugin.validate(context);
      reports.push(report);
      return report;
    },
  });
  Validations.of(app).addPlugins(...SECURITY_PACKS.map(([, pack]) => recording(pack(app))));
  try {
    app.synth();
  } catch (e) {
    if (reports.length < SECURITY_PACKS.length || reports.every((r) => r.success)) throw e;
  }
  const prefixes = under.map((p) => `${stack.node.path}/${p}`);
  return [...new Set(reports.flatMap((r) => r.violations.flatMap((v) => v.violatingResources
    .filter((resource) => prefixes.some((p) => resource.constructPath?.startsWith(p)))
    .map((resource) => `${v.ruleName} ${resource.constructPath}`))))].sort();
}
