import { CfnResource, Fn } from 'aws-cdk-lib';
// cdk-nag's own flattening, which the package does not export: the rendering must stay identical to it.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import * as fc from 'fast-check';
import { flatten, renderedInFinding } from '../../lib/common/finding-rendering';
import { USER_APP_SETUPS, userStack } from '../user-app';

const name = fc.stringMatching(/^[A-Za-z0-9:$.{}*/-]{1,12}$/);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    name,
    fc.record({ Ref: name }),
    fc.record({ 'Fn::GetAtt': fc.tuple(name, name) }),
    fc.record({ 'Fn::Sub': name }),
    fc.record({ 'Fn::ImportValue': tie('value') }),
    fc.record({ 'Fn::Join': fc.tuple(fc.constantFrom('', ':', '/'), fc.array(tie('value'), { maxLength: 4 })) }),
    fc.record({ 'Fn::Select': fc.tuple(fc.nat(3), fc.array(name, { maxLength: 3 })) }),
  ),
}));

describe('renderedInFinding', () => {
  test('flattens every CloudFormation value exactly as cdk-nag does', () => {
    fc.assert(fc.property(value, (v) => flatten(v) === flattenCfnReference(v)));
  });

  test.each(USER_APP_SETUPS)('writes an ARN the way the pack reports it: $name', (setup) => {
    const stack = userStack(setup);
    const resource = new CfnResource(stack, 'Thing', { type: 'AWS::SNS::Topic' });
    const arn = `arn:${stack.partition}:apigateway:${stack.region}::/restapis/${Fn.ref(stack.getLogicalId(resource))}/*`;
    const partition = setup.recommendedFlags && setup.env ? 'aws' : '<AWS::Partition>';
    const region = setup.env ? 'eu-west-1' : '<AWS::Region>';
    expect(renderedInFinding(stack, arn)).toBe(`arn:${partition}:apigateway:${region}::/restapis/<Thing>/*`);
  });

  test('uses the stack partition, not the pseudo parameter, when partition literals apply', () => {
    const stack = userStack(USER_APP_SETUPS[0]);
    expect(renderedInFinding(stack, stack.formatArn({ service: 'iam', region: '', account: 'aws', resource: 'policy', resourceName: 'x' })))
      .toBe('arn:aws:iam::aws:policy/x');
  });
});
