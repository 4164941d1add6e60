import * as path from 'path';
import { FIXTURES, runCliJson } from './run-cli';
import { customMacros } from '../../lib/audit/template-loader';

describe('cdk-portcullis audit: settings that do nothing, authorizers anyone can satisfy, routes outside the template', () => {
  test('each is an error finding on its resource, exit code 1', () => {
    const { run, report } = runCliJson('audit', path.join(FIXTURES, 'settings-that-do-nothing.yaml'), '--packs', 'portcullis');

    const found = report.findings.map((f: any) => `${f.logicalId} ${f.ruleId} ${f.level}`);
    expect(found).toEqual(expect.arrayContaining([
      'Api Portcullis-CorsNullOrigin error',
      'Stage Portcullis-StageThrottling[above-ceiling] error',
      'Stage Portcullis-AccessLogs[missing-fields] error',
      'Stage Portcullis-AccessLogs[log-group-retention-short] error',
      'GitHubAuthorizer Portcullis-JwtPublicIssuer error',
      'HostAuthorizer Portcullis-AuthorizerCacheKey error',
      'OpenAcl Portcullis-WebAclBlocks error',
      'ProxyRoute Portcullis-RoutesOutsideTemplate error',
    ]));
    // The custom resource is also listed as not audited, for the record.
    expect(report.notAudited).toEqual([expect.objectContaining({ kind: 'custom-resource', logicalId: 'ProxyRoute' })]);
    expect(run.status).toBe(1);
  });

  test('a custom macro is listed as not audited and exits 3; AWS transforms are not', () => {
    const { run, report } = runCliJson('audit', path.join(FIXTURES, 'custom-macro.yaml'), '--packs', 'portcullis');

    expect(report.findings).toEqual([]);
    expect(report.notAudited).toEqual([expect.objectContaining({ kind: 'custom-macro', template: 'custom-macro.yaml', reason: expect.stringContaining('AddProxyRoutes') })]);
    expect(report.notAudited[0].reason).not.toContain('LanguageExtensions');
    expect(run.stderr).toContain('custom-macro.yaml: a custom macro changes the template before deployment');
    expect(run.status).toBe(3);
  });
});

describe('customMacros', () => {
  test('names the top-level Transform and every Fn::Transform other than SAM, the language extensions and AWS::Include', () => {
    expect(customMacros({ Transform: 'AWS::Serverless-2016-10-31', Resources: {} })).toEqual([]);
    expect(customMacros({
      Transform: ['AWS::LanguageExtensions', 'Outer'],
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } } } },
        Other: { Type: 'AWS::SNS::Topic', Properties: { 'Fn::Transform': { Name: 'Inner' } } },
      },
    })).toEqual(['Outer', 'Inner']);
  });
});
