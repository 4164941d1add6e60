import { CfnBasePathMapping, CfnBasePathMappingV2, CfnRestApi, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApiMapping, DomainName, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Stack } from 'aws-cdk-lib/core';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-DefaultEndpointDisabled';
const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';

function v2Domain(stack: Stack, id: string, name: string): DomainName {
  return new DomainName(stack, id, { domainName: name, certificate: Certificate.fromCertificateArn(stack, `${id}Cert`, CERT) });
}

describe('DefaultEndpointDisabled on HTTP APIs', () => {
  test('a mapped API with its default endpoint enabled is reported; disabled or unmapped APIs are not', () => {
    const stack = newStack();
    new HttpApi(stack, 'Mapped', { defaultDomainMapping: { domainName: v2Domain(stack, 'D1', 'a.example.com') } });
    new HttpApi(stack, 'Disabled', { defaultDomainMapping: { domainName: v2Domain(stack, 'D2', 'b.example.com') }, disableExecuteApiEndpoint: true });
    new HttpApi(stack, 'Unmapped');

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Mapped/Resource')]);
  });

  test('a mapping to an API outside the stack is reported as unresolved on the mapping', () => {
    const stack = newStack();
    const domain = v2Domain(stack, 'Domain', 'a.example.com');
    new CfnApiMapping(stack, 'Mapping', { apiId: 'abc123', domainName: domain.name, stage: '$default' });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:ApiId]`, 'Stack/Mapping')]);
  });
});

describe('DefaultEndpointDisabled on REST APIs', () => {
  test('a REST API with a custom domain is reported unless the default endpoint is disabled', () => {
    const stack = newStack();
    const certificate = Certificate.fromCertificateArn(stack, 'Cert', CERT);
    new RestApi(stack, 'Mapped', { domainName: { domainName: 'a.example.com', certificate } }).root.addMethod('GET');
    new RestApi(stack, 'Disabled', { domainName: { domainName: 'b.example.com', certificate }, disableExecuteApiEndpoint: true }).root.addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Mapped/Resource')]);
  });

  test('BasePathMappingV2 (private custom domains) counts as a mapping; an unknown REST API is unresolved', () => {
    const stack = newStack();
    const api = new CfnRestApi(stack, 'Private', { name: 'private' });
    new CfnBasePathMappingV2(stack, 'MappingV2', { domainNameArn: 'arn:aws:apigateway:us-east-1:111111111111:/domainnames/a.example.com+abc', restApiId: api.ref });
    new CfnBasePathMapping(stack, 'Foreign', { domainName: 'b.example.com', restApiId: 'abc123' });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Private'),
      finding(`${RULE}[unresolved:RestApiId]`, 'Stack/Foreign'),
    ]);
  });
});
