import { openApiResources } from '../../lib/nag/openapi/openapi-resources';

const body = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ openapi: '3.0.1', paths, ...extra });
const authorization = (resources: ReturnType<typeof openApiResources>) =>
  Object.fromEntries(resources.filter((r) => r.type === 'AWS::ApiGateway::Method').map((r) => [`${r.properties.HttpMethod} ${r.properties.ResourceId}`, r.properties.AuthorizationType]));

describe('openApiResources', () => {
  const schemes = {
    components: {
      securitySchemes: {
        sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
        key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
        lambda: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authorizer': { type: 'token' } },
      },
    },
  };

  test('what authenticates an operation, and what does not', () => {
    const resources = openApiResources('Api', 'rest', body({
      '/none': { get: {} },
      '/empty': { get: { security: [] } },
      '/optional': { get: { security: [{}] } },
      '/key': { get: { security: [{ key: [] }] } },
      '/iam': { get: { security: [{ sigv4: [] }] } },
      '/lambda': { get: { security: [{ lambda: [] }] } },
      '/auth-ext': { get: { 'x-amazon-apigateway-auth': { type: 'AWS_IAM' } } },
      '/any': { 'x-amazon-apigateway-any-method': {} },
    }, schemes), undefined, 'Api');

    expect(authorization(resources)).toEqual({
      'GET /none': 'NONE',
      'GET /empty': 'NONE',
      'GET /optional': 'NONE',
      'GET /key': 'NONE',
      'GET /iam': 'AWS_IAM',
      'GET /lambda': 'CUSTOM',
      'GET /auth-ext': 'AWS_IAM',
      'ANY /any': 'NONE',
    });
  });

  test('document-level security applies to operations without their own', () => {
    const resources = openApiResources('Api', 'rest', body({ '/a': { get: {} }, '/b': { get: { security: [] } } }, { ...schemes, security: [{ sigv4: [] }] }), undefined, 'Api');
    expect(authorization(resources)).toEqual({ 'GET /a': 'AWS_IAM', 'GET /b': 'NONE' });
  });

  test('a security requirement naming an unknown scheme is unresolved', () => {
    const resources = openApiResources('Api', 'rest', body({ '/a': { get: { security: [{ missing: [] }] } } }), undefined, 'Api');
    expect(authorization(resources)).toEqual({ 'GET /a': { 'Fn::ImportValue': 'openapi-scheme:missing' } });
  });
});
