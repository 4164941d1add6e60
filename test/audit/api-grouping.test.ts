import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { groupByApi } from '../../lib/audit/api-grouping';
import { IncludedResource } from '../../lib/audit/template-loader';
import { referencedLogicalIds } from '../../lib/audit/template-references';

function resources(template: Record<string, { Type: string; Properties?: Record<string, unknown> }>): IncludedResource[] {
  const stack = new Stack(new App(), 'S');
  return Object.entries(template).map(([logicalId, r]) => ({
    logicalId,
    type: r.Type,
    properties: r.Properties ?? {},
    metadata: {},
    construct: new CfnResource(stack, logicalId, { type: r.Type }),
  }));
}

describe('referencedLogicalIds', () => {
  test('finds Ref, GetAtt (both forms) and Fn::Sub variables, not literals or parameters', () => {
    const known = new Set(['Api', 'Fn', 'Stage']);
    const value = {
      A: { Ref: 'Api' },
      B: { 'Fn::GetAtt': 'Fn.Arn' },
      C: { 'Fn::Sub': ['arn:${AWS::Partition}:execute-api:${Stage}:${!Literal}:${Env}', { Env: { Ref: 'Env' } }] },
    };
    expect(referencedLogicalIds(value, known)).toEqual(['Api', 'Fn', 'Stage']);
  });
});

describe('groupByApi', () => {
  test('ties resources to the API by ApiId, references and exclusive use; the rest is ungrouped', () => {
    const grouping = groupByApi('t.json', resources({
      Api: { Type: 'AWS::ApiGatewayV2::Api' },
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } } },
      Logs: { Type: 'AWS::Logs::LogGroup' },
      Domain: { Type: 'AWS::ApiGatewayV2::DomainName' },
      Mapping: { Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { ApiId: { Ref: 'Api' }, DomainName: { Ref: 'Domain' } } },
      Permission: { Type: 'AWS::Lambda::Permission', Properties: { SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:eu-west-1:1:${Api}/*' } } },
      Imported: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: 'abc123' } },
      Bucket: { Type: 'AWS::S3::Bucket' },
    }));

    expect(Object.fromEntries(grouping.apiOf)).toEqual({
      Api: 'Api',
      Stage: 'Api',
      Logs: 'Api',
      Domain: 'Api',
      Mapping: 'Api',
      Permission: 'Api',
      Imported: 'API abc123 (not in this template)',
    });
    expect(grouping.apis.map((a) => [a.id, a.external])).toEqual([['Api', false], ['API abc123 (not in this template)', true]]);
  });

  test('a resource shared by two APIs stays ungrouped', () => {
    const grouping = groupByApi('t.json', resources({
      A: { Type: 'AWS::ApiGateway::RestApi' },
      B: { Type: 'AWS::ApiGateway::RestApi' },
      Fn: { Type: 'AWS::Lambda::Function' },
      PermA: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, SourceArn: { 'Fn::Sub': '${A}' } } },
      PermB: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: { Ref: 'Fn' }, SourceArn: { 'Fn::Sub': '${B}' } } },
    }));
    expect(grouping.apiOf.get('PermA')).toBe('A');
    expect(grouping.apiOf.get('PermB')).toBe('B');
    expect(grouping.apiOf.get('Fn')).toBeUndefined();
  });
});
