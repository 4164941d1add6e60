import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliJson } from './run-cli';

/**
 * Nested stacks not written by CDK: a SAM `AWS::Serverless::Application` with a local `Location`, and an
 * `AWS::CloudFormation::Stack` whose `TemplateURL` is a local path (relative or `file:`), are linked to the
 * audited template they name, as CDK nested stacks are: their findings are grouped under the API their
 * parameters lead to, and they are not listed as not audited.
 */
test('local nested-stack templates in the audited folder are linked and audited with their parent', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-local-nested-'));
  try {
    fs.writeFileSync(path.join(dir, 'parent.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: x, ProtocolType: HTTP }
  Routes:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./routes.yaml
      Parameters:
        ApiId: !Ref Api
  More:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: file:more.json
      Parameters:
        ApiId: !Ref Api
  Elsewhere:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./sub/other.yaml
`);
    const routeTemplate = (routeId: string, key: string) => ({
      Parameters: { ApiId: { Type: 'String' } },
      Resources: { [routeId]: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'ApiId' }, RouteKey: key } } },
    });
    fs.writeFileSync(path.join(dir, 'routes.yaml'), JSON.stringify(routeTemplate('OpenRoute', 'GET /open')));
    fs.writeFileSync(path.join(dir, 'more.json'), JSON.stringify(routeTemplate('MoreRoute', 'GET /more')));

    const { run, report } = runCliJson('audit', dir);
    expect(report.notAudited).toEqual([{
      template: 'parent.yaml',
      kind: 'nested-stack',
      logicalId: 'Elsewhere',
      resourceType: 'AWS::CloudFormation::Stack',
      reason: 'nested stack whose template (./sub/other.yaml) is not among the audited files: audit the folder that holds both templates (the audit of a folder does not descend into subfolders)',
    }]);
    expect(run.status).toBe(2);
    const routeFindings = report.findings
      .filter((f: any) => f.ruleId === 'Portcullis-RouteAuthorization')
      .map((f: any) => `${f.template} ${f.logicalId} ${f.api}`);
    expect(routeFindings.sort()).toEqual([
      'more.json MoreRoute API Api in parent.yaml (parameter ApiId)',
      'routes.yaml OpenRoute API Api in parent.yaml (parameter ApiId)',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
