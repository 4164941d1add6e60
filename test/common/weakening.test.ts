import { App, CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  checkReasonForUnknownSetting, checkReasonUnused, checkWeakeningReason, recordWeakening, WEAKENED_STAGE_METADATA_KEY, Weakening,
  WEAKENINGS_METADATA_KEY,
} from '../../lib/common/weakening';
import { errorOf } from '../error-message';

/**
 * The weakening functions called directly: the refusal of a missing or poor reason, of a reason for
 * nothing, and the record on the weakened resource. test/common/weakenings.test.ts shows the same for
 * every construct that weakens something.
 */

const REASON = 'Reviewed by the platform team in ticket SEC-1234';

const TRACING_OFF: Weakening = {
  setting: 'tracing: false',
  reasonProp: 'tracingOffReason',
  consequence: 'no X-Ray traces of requests',
  rules: ['AwsSolutions-APIG6', 'Portcullis-RestTracing'],
};

function scope(): Construct {
  return new Construct(new Stack(new App(), 'Stack'), 'Api');
}

function resource(): CfnResource {
  return new CfnResource(new Stack(new App(), 'Stack'), 'Stage', { type: 'AWS::ApiGateway::Stage' });
}


/** The acknowledgements recorded on a node: rule id (as acknowledge() records it) → reason. */
function acknowledged(node: Construct): Array<Record<string, string>> {
  return node.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').map((m) => m.data as Record<string, string>);
}

describe('checkWeakeningReason', () => {
  test('a reason the policy accepts passes', () => {
    expect(() => checkWeakeningReason(scope(), TRACING_OFF, REASON, 'an example reason')).not.toThrow();
  });

  test('no reason is refused: the setting, what it costs, the problem, and a fix with the example', () => {
    expect(errorOf(() => checkWeakeningReason(scope(), TRACING_OFF, undefined, 'Latency-critical path, traced by the client'))).toBe(
      "[Stack/Api] prop 'tracingOffReason' = undefined: tracing: false turns a default security measure down (no X-Ray traces of requests) "
      + 'and needs a reason: no reason is given. '
      + "Fix: give tracingOffReason saying why, e.g. tracingOffReason: 'Latency-critical path, traced by the client', or leave the default");
  });

  test('a short reason is refused, showing the value given', () => {
    expect(errorOf(() => checkWeakeningReason(scope(), TRACING_OFF, 'because', 'x'))).toMatch(
      /^\[Stack\/Api\] prop 'tracingOffReason' = "because": .* needs a reason: the reason has 7 visible characters, at least 10 are required\. Fix: /);
  });
});

describe('checkReasonUnused', () => {
  test.each([
    ['weakened, with a reason', true, REASON],
    ['weakened, without a reason (checkWeakeningReason refuses that)', true, undefined],
    ['not weakened, without a reason', false, undefined],
  ])('%s: passes', (_, weakened, reason) => {
    expect(() => checkReasonUnused(scope(), 'tracingOffReason', reason, weakened, 'tracing: false')).not.toThrow();
  });

  test.each([REASON, ''])('a reason (%j) for a weakening not made is refused, naming both props', (reason) => {
    expect(errorOf(() => checkReasonUnused(scope(), 'tracingOffReason', reason, false, 'tracing: false'))).toBe(
      `[Stack/Api] prop 'tracingOffReason' = ${JSON.stringify(reason)}: nothing is weakened: it is the reason for tracing: false, which is not set. `
      + 'Fix: remove tracingOffReason, or set tracing: false');
  });
});

describe('checkReasonForUnknownSetting', () => {
  test.each([
    ['no reason', undefined], ['a reason the policy accepts', REASON], ['a reason from a token', Token.asString(Lazy.string({ produce: () => 'x' }))],
  ])('%s beside a setting known only at deploy: passes', (_, reason) => {
    expect(() => checkReasonForUnknownSetting(scope(), 'legacyTlsReason', reason)).not.toThrow();
  });

  test.each([
    ['', 'no reason is given'], ['because', 'the reason has 7 visible characters, at least 10 are required'],
  ])('a reason the policy refuses (%j) is refused, naming the prop and why it is asked for', (reason, problem) => {
    expect(errorOf(() => checkReasonForUnknownSetting(scope(), 'legacyTlsReason', reason))).toBe(
      `[Stack/Api] prop 'legacyTlsReason' = ${JSON.stringify(reason)}: ${problem} (the setting is a token, so the reason may be needed at deploy). `
      + 'Fix: say why the value may turn the default down, or remove legacyTlsReason');
  });
});

describe('recordWeakening', () => {
  test('records the weakening under the one metadata key, and acknowledges exactly its rules with the reason', () => {
    const stage = resource();
    recordWeakening(stage, TRACING_OFF, REASON);
    expect(stage.getMetadata(WEAKENINGS_METADATA_KEY)).toEqual({
      weakenings: [{
        setting: 'tracing: false',
        reasonProp: 'tracingOffReason',
        reason: REASON,
        consequence: 'no X-Ray traces of requests',
        acknowledges: ['AwsSolutions-APIG6', 'Portcullis-RestTracing'],
      }],
    });
    expect(acknowledged(stage)).toEqual([
      { 'Annotation::AwsSolutions-APIG6': `tracing: false with tracingOffReason: ${REASON}` },
      { 'Annotation::Portcullis-RestTracing': `tracing: false with tracingOffReason: ${REASON}` },
    ]);
  });

  test('a second weakening of the same resource is appended; both are kept, in order', () => {
    const stage = resource();
    const loggingOff: Weakening = { setting: 'executionLogLevel: OFF', reasonProp: 'executionLogsOffReason', consequence: 'no execution logs', rules: [] };
    recordWeakening(stage, TRACING_OFF, REASON);
    recordWeakening(stage, loggingOff, 'Another reason, from SEC-99');
    const recorded = (stage.getMetadata(WEAKENINGS_METADATA_KEY) as { weakenings: Array<{ setting: string; reason: string }> }).weakenings;
    expect(recorded.map((w) => [w.setting, w.reason])).toEqual([['tracing: false', REASON], ['executionLogLevel: OFF', 'Another reason, from SEC-99']]);
  });

  test('a weakening that causes no rule acknowledges nothing', () => {
    const stage = resource();
    recordWeakening(stage, { ...TRACING_OFF, rules: [] }, REASON);
    expect(stage.getMetadata(WEAKENINGS_METADATA_KEY)).toEqual({ weakenings: [expect.objectContaining({ acknowledges: [] })] });
    expect(acknowledged(stage)).toEqual([]);
  });

  test('the record is a copy: changing the rules afterwards does not change it', () => {
    const stage = resource();
    const rules = ['Portcullis-RestTracing'];
    recordWeakening(stage, { ...TRACING_OFF, rules }, REASON);
    rules.push('Later-Rule');
    expect(stage.getMetadata(WEAKENINGS_METADATA_KEY)).toEqual({ weakenings: [expect.objectContaining({ acknowledges: ['Portcullis-RestTracing'] })] });
  });

  test('the metadata keys', () => {
    expect(WEAKENINGS_METADATA_KEY).toBe('Portcullis::Weakenings');
    expect(WEAKENED_STAGE_METADATA_KEY).toBe(WEAKENINGS_METADATA_KEY);
  });
});
