import { resourceLines } from '../../lib/audit/resource-lines';
import { sourceLocationOf } from '../../lib/audit/source-location';

describe('resourceLines: the line of Resources.<LogicalId>', () => {
  test('JSON: keys directly under the top-level Resources, whatever the nesting and escapes around them', () => {
    const text = [
      '{',
      '  "Parameters": { "Api": { "Type": "String", "Default": "x:y" } },',
      '  "Resources": {',
      '    "Api": {',
      '      "Type": "AWS::ApiGatewayV2::Api",',
      '      "Properties": { "Name": "a \\"quoted\\" {name}", "Tags": [ { "Key": "Resources" } ] }',
      '    },',
      '    "Stage": { "Type": "AWS::ApiGatewayV2::Stage" }',
      '  },',
      '  "Outputs": { "Url": { "Value": "x" } }',
      '}',
    ].join('\n');
    expect([...resourceLines(text)]).toEqual([['Api', 4], ['Stage', 8]]);
  });

  test('YAML: the keys at the first indentation under a block-style Resources, quoted or not; comments and blank lines skipped', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  # the API',
      '  Api:',
      '    Type: AWS::ApiGatewayV2::Api',
      '    Properties:',
      '      Name: shop',
      '',
      '  "Stage":',
      '    Type: AWS::ApiGatewayV2::Stage',
      'Outputs:',
      '  Url:',
      '    Value: x',
    ].join('\n');
    expect([...resourceLines(text)]).toEqual([['Api', 4], ['Stage', 9]]);
  });

  test('flow-style YAML cannot be placed: no lines', () => {
    expect(resourceLines('Resources: { Api: { Type: AWS::ApiGatewayV2::Api } }\n').size).toBe(0);
  });
});

describe('sourceLocationOf: the first frame of the app in aws:cdk:creationStack', () => {
  test('skips folded library frames and node_modules, reads file, line and column', () => {
    expect(sourceLocationOf([
      '...new HttpRoute in aws-cdk-lib...',
      'new Thing (/app/node_modules/some-lib/index.js:3:9)',
      'new ShopStack (/app/lib/shop-stack.ts:42:17)',
      'Object.<anonymous> (/app/bin/app.ts:7:1)',
    ])).toEqual({ file: '/app/lib/shop-stack.ts', line: 42, column: 17 });
  });

  test('none when no frame is the app\'s (deep library calls), or no stack was recorded', () => {
    expect(sourceLocationOf(['...aws-cdk-lib...', '(no user code in 10 frames, use --stack-trace-limit to see more)'])).toBeUndefined();
    expect(sourceLocationOf(undefined)).toBeUndefined();
  });
});
