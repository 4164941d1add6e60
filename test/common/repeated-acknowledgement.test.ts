import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnMethod } from 'aws-cdk-lib/aws-apigateway';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeRepeated } from '../../lib/common/repeated-acknowledgement';

const COG4 = { id: 'AwsSolutions-COG4', reason: 'Lambda TOKEN authorizer, checked as strictly as a user pool' };

/** `n` REST methods behind a Lambda authorizer (not a Cognito one: AwsSolutions-COG4 reports each). */
function methods(stack: Stack, n: number): CfnMethod[] {
  return Array.from({ length: n }, (_, i) => new CfnMethod(stack, `Method${i}`, {
    httpMethod: 'GET', resourceId: 'res', restApiId: 'api', authorizationType: 'CUSTOM', authorizerId: 'auth',
  }));
}

function acknowledgementEntries(resource: CfnMethod): unknown[] {
  return resource.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
}

afterEach(() => jest.restoreAllMocks());

test('every resource gets the construct metadata Validations.acknowledge writes, on itself', () => {
  const official = methods(new Stack(new App(), 'Official'), 4);
  official.forEach((m) => Validations.of(m).acknowledge(COG4));
  const repeated = methods(new Stack(new App(), 'Repeated'), 4);
  repeated.forEach((m) => acknowledgeRepeated(m, COG4));

  expect(repeated.map(acknowledgementEntries)).toEqual(official.map(acknowledgementEntries));
  expect(repeated.map(acknowledgementEntries)).toEqual(Array(4).fill([{ 'Annotation::AwsSolutions-COG4': COG4.reason }]));
  // Nothing above the resources: each acknowledgement covers its own resource only.
  const above = repeated[0].node.scopes.slice(0, -1).flatMap((c) => c.node.metadata);
  expect(above.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
});

test('acknowledge() runs once per process and rule id, not once per resource or app (each run renders stack traces)', () => {
  const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge');
  const stack = new Stack(new App(), 'Api');
  // A rule id no other test acknowledges: the keys are learned once per process (jest: per test file).
  const rule = { id: 'AwsSolutions-APIG3', reason: 'Regional API behind a web ACL of its own' };
  methods(stack, 5).forEach((m) => acknowledgeRepeated(m, rule));
  expect(acknowledge).toHaveBeenCalledTimes(1);

  // Another app with the same rule id writes the same entries without acknowledge(); another rule id learns its key once.
  const other = methods(new Stack(new App(), 'Other'), 3);
  other.forEach((m) => acknowledgeRepeated(m, rule));
  expect(acknowledge).toHaveBeenCalledTimes(1);
  expect(other.map(acknowledgementEntries)).toEqual(Array(3).fill([{ 'Annotation::AwsSolutions-APIG3': rule.reason }]));
  methods(new Stack(stack, 'More'), 2).forEach((m) => acknowledgeRepeated(m, { id: 'AwsSolutions-APIG6', reason: rule.reason }));
  expect(acknowledge).toHaveBeenCalledTimes(2);
});

test('a different reason is written as given, per resource', () => {
  const [first, second] = methods(new Stack(new App(), 'Api'), 2);
  acknowledgeRepeated(first, COG4);
  acknowledgeRepeated(second, { id: COG4.id, reason: 'IAM authorization: SigV4-signed callers only' });
  expect(acknowledgementEntries(second)).toEqual([{ 'Annotation::AwsSolutions-COG4': 'IAM authorization: SigV4-signed callers only' }]);
});

test('cdk-nag suppresses exactly the findings of the resources acknowledged', () => {
  const stack = new Stack(new App(), 'Api');
  const [a, b, c] = methods(stack, 3);
  acknowledgeRepeated(a, COG4);
  acknowledgeRepeated(b, COG4);
  const cog4 = new AwsSolutionsChecks().validateScope(stack).violations.filter((v) => v.ruleName === 'AwsSolutions-COG4');
  expect(cog4.flatMap((v) => v.violatingResources.map((r) => r.constructPath))).toEqual([c.node.path]);
});

test('annotation warnings with the rule id are acknowledged on each resource, as acknowledge() does', () => {
  const stack = new Stack(new App(), 'Api');
  const all = methods(stack, 3);
  all.forEach((m) => Validations.of(m).addWarning(COG4.id, 'not a Cognito authorizer'));
  all.slice(0, 2).forEach((m) => acknowledgeRepeated(m, COG4));
  const warned = all.filter((m) => m.node.metadata.some((e) => e.type === 'aws:cdk:warning' && /not a Cognito authorizer/.test(String(e.data))));
  expect(warned).toEqual([all[2]]);
});
