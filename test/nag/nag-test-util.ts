import { App, Stack } from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';

/** One Portcullis finding: the rule id (with any `[finding]` suffix) and the construct path of the resource. */
export interface Finding {
  readonly rule: string;
  readonly path: string;
}

/** A fresh stack `Stack` in a fresh app, with a concrete account and region. */
export function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
}

/**
 * Run the Portcullis pack on `scope` and return its findings sorted by rule then path (code-point order).
 * Fails the test if a rule threw instead of returning a result.
 * @param rule keep only the findings of this rule id (with or without a `[finding]` suffix)
 */
export function portcullisFindings(scope: IConstruct, rule?: string): Finding[] {
  const pack = new PortcullisChecks();
  const threw = ruleErrorsOf(pack);
  const report = pack.validateScope(scope);
  if (threw.length > 0) throw new Error(threw.join('\n'));
  const found: Finding[] = [];
  for (const violation of report.violations) {
    if (!violation.ruleName.startsWith('Portcullis-')) continue;
    if (rule !== undefined && violation.ruleName.replace(/\[.*\]$/, '') !== rule) continue;
    for (const resource of violation.violatingResources) {
      found.push({ rule: violation.ruleName, path: resource.constructPath! });
    }
  }
  return found.sort((a, b) => compare(a.rule, b.rule) || compare(a.path, b.path));
}

/**
 * Collects every rule that throws while `pack` validates. cdk-nag files a throw as a violation of the rule,
 * grouped with the rule's real findings under one description, so a report alone cannot tell a throw that
 * shares its rule id with a finding: the pack's violation sink is watched instead.
 */
function ruleErrorsOf(pack: PortcullisChecks): string[] {
  const errors: string[] = [];
  const sink = pack as unknown as { addViolation(ruleName: string, params: { node: IConstruct }, errorMessage?: string): void };
  const addViolation = sink.addViolation.bind(pack);
  sink.addViolation = (ruleName, params, errorMessage) => {
    if (errorMessage !== undefined) errors.push(`${ruleName} threw on ${params.node.node.path}: ${errorMessage}`);
    addViolation(ruleName, params, errorMessage);
  };
  return errors;
}

/** Code-point order, so expectations do not depend on the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Leaves out `Portcullis-DenialSignal`, for tests of an API construct on its own: the denial signal is
 * GatewaySecurityInsights' to give, not the API's (test/nag/rules/stage/DenialSignal.test.ts proves the rule).
 */
export function notDenialSignal(f: Finding | string): boolean {
  return (typeof f === 'string' ? f.split(' ')[0] : f.rule) !== 'Portcullis-DenialSignal';
}

/** Shorthand for an expected finding. */
export function finding(rule: string, path: string): Finding {
  return { rule, path };
}

/** An inline Node.js function for integrations and authorizers. */
export function lambdaFunction(scope: Construct, id = 'Fn'): LambdaFunction {
  return new LambdaFunction(scope, id, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => ({});') });
}
