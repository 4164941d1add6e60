import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { scalar } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { isStageWide, restStageOf } from '../../stage-settings';

const LOGGING_ON = new Set(['ERROR', 'INFO']);

/**
 * REST stages write execution logs at ERROR or INFO for every method (`*` `/*`), and no method
 * turns them OFF.
 */
function check(resource: ResourceView): NagRuleResult {
  const stage = restStageOf(resource);
  if (stage === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (stage.methodSettings === 'unresolved') return [unresolved('MethodSettings')];
  // Whether the stage-wide level may be ERROR or INFO: known to be, or an entry that may be it cannot be read.
  // (Known on and unresolved end the same: the findings decide.)
  let stageWideMayLog = false;
  const findings = new Set<string>();
  for (const setting of stage.methodSettings) {
    if (setting === 'unresolved') {
      // An entry that cannot be read may be the stage-wide one.
      stageWideMayLog = true;
      findings.add(unresolved('MethodSettings'));
      continue;
    }
    const level = scalar(setting.LoggingLevel);
    if (level.kind === 'absent') continue;
    const wide = isStageWide(setting);
    if (level.kind === 'unresolved') {
      if (wide) stageWideMayLog = true;
      findings.add(unresolved('LoggingLevel'));
      continue;
    }
    const value = String(level.value).toUpperCase();
    if (wide) {
      // A later stage-wide entry overrides an earlier one (a deployment's StageDescription lists its own first).
      stageWideMayLog = LOGGING_ON.has(value);
    } else if (value === 'OFF') {
      findings.add('method-off');
    }
  }
  if (!stageWideMayLog) return NagRuleCompliance.NON_COMPLIANT;
  return fromFindings([...findings]);
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RestExecutionLogging',
    level: NagMessageLevel.ERROR,
    info: 'The REST stage does not write execution logs at ERROR or INFO for every method.',
    explanation:
      'Execution logs are where API Gateway records why it refused or failed a request: authorizer errors and denials, integration timeouts, request-validation failures, throttling. Without them an attack on the authorizer or a failing backend leaves no trace beyond a status code in the access logs. An explicit OFF is treated like no setting: both leave the stage without execution logs; a deliberate choice is acknowledged with its reason. Unlike AwsSolutions-APIG6 (and the NIST, HIPAA and PCI rules), this rule also checks a stage declared by an AWS::ApiGateway::Deployment, reports a method that turns logging OFF under a stage-wide level, and reports a level it cannot read as unresolved instead of failing. Execution logging also needs the account\'s CloudWatch Logs role for API Gateway (one per account and Region).',
    fix: 'On a `SecureRestApi`, leave `executionLogLevel` out (ERROR by default) or set INFO; `executionLogLevel: MethodLoggingLevel.OFF` needs `executionLogsOffReason`, which records the weakening on the stage and acknowledges this rule there. On a plain `RestApi`, set `deployOptions: { loggingLevel: MethodLoggingLevel.ERROR }` (or INFO) on the `RestApi` (or `loggingLevel` on the `Stage`), keep `dataTraceEnabled` off, and do not set `loggingLevel: OFF` in `methodOptions`. Declare the account\'s API Gateway CloudWatch Logs role once per account and Region.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      { suffix: 'method-off', meaning: 'A MethodSettings entry for one method sets LoggingLevel OFF, so that method leaves no execution logs although the stage writes them.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
