import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REST_PLAIN_TUNED, REST_PLAIN_TUNED_SECURED, REST_PORTCULLIS, RestVariant } from '../../bench/rest-api-variants';

/**
 * The REST bench compares Portcullis with hand-written aws-cdk-lib. The "same secure resources" baseline
 * is only a fair second baseline while it really writes what Portcullis writes by default; these tests
 * fail when one of the two drifts from the other.
 */
function templateOf(variant: RestVariant, methods: number): Record<string, any> {
  const app = new App();
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'us-east-1' } });
  variant.build(stack, methods);
  return Template.fromStack(stack).toJSON();
}

function typeCounts(template: Record<string, any>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of Object.values<any>(template.Resources)) counts[resource.Type] = (counts[resource.Type] ?? 0) + 1;
  return counts;
}

function onlyOf(template: Record<string, any>, type: string): Record<string, any> {
  const found = Object.values<any>(template.Resources).filter((r) => r.Type === type);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('REST bench baselines', () => {
  const secured = templateOf(REST_PLAIN_TUNED_SECURED, 12);
  const portcullis = templateOf(REST_PORTCULLIS, 12);

  test('the same-secure-resources baseline has as many resources of each type as Portcullis', () => {
    expect(typeCounts(secured)).toEqual(typeCounts(portcullis));
  });

  test('the plain hand-tuned baseline lacks exactly the four secure resources', () => {
    const plain = typeCounts(templateOf(REST_PLAIN_TUNED, 12));
    const extra = Object.fromEntries(Object.entries(typeCounts(portcullis))
      .map(([type, n]) => [type, n - (plain[type] ?? 0)])
      .filter(([, n]) => n !== 0));
    expect(extra).toEqual({
      'AWS::KMS::Key': 1, 'AWS::Logs::LogGroup': 1, 'AWS::ApiGateway::RequestValidator': 1, 'AWS::WAFv2::WebACLAssociation': 1,
    });
  });

  test('the stage settings are the same: JSON access-log format, X-Ray, throttling, execution logs', () => {
    const stage = (t: Record<string, any>) => {
      const { AccessLogSetting, MethodSettings, TracingEnabled } = onlyOf(t, 'AWS::ApiGateway::Stage').Properties;
      return { format: AccessLogSetting.Format, MethodSettings, TracingEnabled };
    };
    expect(stage(secured)).toEqual(stage(portcullis));
  });

  test('the endpoint settings are the same: Regional, TLS 1.3 policy, strict access mode', () => {
    const api = (t: Record<string, any>) => {
      const { EndpointConfiguration, SecurityPolicy, EndpointAccessMode } = onlyOf(t, 'AWS::ApiGateway::RestApi').Properties;
      return { EndpointConfiguration, SecurityPolicy, EndpointAccessMode };
    };
    expect(api(secured)).toEqual(api(portcullis));
  });

  test('the key policy statements and the log group settings are the same', () => {
    const statements = (t: Record<string, any>) => onlyOf(t, 'AWS::KMS::Key').Properties.KeyPolicy.Statement;
    expect(statements(secured)).toEqual(statements(portcullis));
    const logGroup = (t: Record<string, any>) => {
      const { RetentionInDays } = onlyOf(t, 'AWS::Logs::LogGroup').Properties;
      const { DeletionPolicy } = onlyOf(t, 'AWS::Logs::LogGroup');
      return { RetentionInDays, DeletionPolicy };
    };
    expect(logGroup(secured)).toEqual(logGroup(portcullis));
  });

  test('the request validator validates the same things', () => {
    const validator = (t: Record<string, any>) => {
      const { ValidateRequestBody, ValidateRequestParameters } = onlyOf(t, 'AWS::ApiGateway::RequestValidator').Properties;
      return { ValidateRequestBody, ValidateRequestParameters };
    };
    expect(validator(secured)).toEqual(validator(portcullis));
  });
});
