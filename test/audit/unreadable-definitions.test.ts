import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliJson } from './run-cli';

/** An API definition the audit cannot read is one `[unresolved]` finding per API, not one per rule that reads it. */
test('an S3 definition or AWS::Include: one unresolved finding per API, from RouteAuthorization', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-unreadable-'));
  try {
    fs.writeFileSync(path.join(dir, 'sam.yaml'), `Transform: AWS::Serverless-2016-10-31
Resources:
  S3Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://bucket/openapi.yaml
  IncludeApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: s3://bucket/openapi.yaml
  HttpS3:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: s3://bucket/openapi.yaml
`);
    fs.writeFileSync(path.join(dir, 'cfn.yaml'), `Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: x
      BodyS3Location: { Bucket: b, Key: k }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      BodyS3Location: { Bucket: b, Key: k }
`);
    const { report } = runCliJson('audit', dir);
    const unresolved = report.findings.filter((f: any) => /\[unresolved:/.test(f.ruleId)).map((f: any) => `${f.template} ${f.logicalId} ${f.ruleId}`);
    expect(unresolved.sort()).toEqual([
      'cfn.yaml Http Portcullis-RouteAuthorization[unresolved:BodyS3Location]',
      'cfn.yaml Rest Portcullis-RouteAuthorization[unresolved:BodyS3Location]',
      'sam.yaml HttpS3 Portcullis-RouteAuthorization[unresolved:DefinitionUri]',
      'sam.yaml IncludeApi Portcullis-RouteAuthorization[unresolved:DefinitionBody]',
      'sam.yaml S3Api Portcullis-RouteAuthorization[unresolved:DefinitionUri]',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
