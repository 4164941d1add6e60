import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PUBLIC_ROUTE_METADATA_KEY, recordPublicRoute } from '../../lib/authorization/public-route';
import { jsonAccessLogFormat, standardAccessLogFields } from '../../lib/common/access-log-fields';
import { ApiKind } from '../../lib/common/api-kind';
import { isJsonObjectFormat } from '../../lib/nag/json-log-format-check';

describe('JSON access-log formats, one per API kind', () => {
  // $context variables only one kind exposes: logging another kind's would log nothing, or fail the deployment.
  const ownVariables: Record<ApiKind, string[]> = {
    [ApiKind.HTTP]: ['$context.routeKey', '$context.integrationErrorMessage'],
    [ApiKind.REST]: ['$context.resourcePath', '$context.integration.error', '$context.wafResponseCode'],
    [ApiKind.WEBSOCKET]: ['$context.connectionId', '$context.eventType', '$context.integration.error'],
  };
  const foreignVariables: Record<ApiKind, string[]> = {
    [ApiKind.HTTP]: ['$context.resourcePath', '$context.connectionId', '$context.eventType', '$context.integration.error'],
    [ApiKind.REST]: ['$context.routeKey', '$context.connectionId', '$context.integrationErrorMessage'],
    [ApiKind.WEBSOCKET]: ['$context.resourcePath', '$context.httpMethod', '$context.integrationErrorMessage'],
  };

  test.each(Object.values(ApiKind))('%s: a JSON object of the kind\'s own $context variables, which the pack reads as JSON', (kind) => {
    const format = jsonAccessLogFormat(kind);
    expect(isJsonObjectFormat(format)).toBe(true);
    const values = Object.values(JSON.parse(format) as Record<string, string>);
    expect(values).toEqual(expect.arrayContaining(ownVariables[kind]));
    for (const variable of foreignVariables[kind]) expect(values).not.toContain(variable);
    expect(values).toEqual(expect.arrayContaining(['$context.requestId', '$context.identity.sourceIp', '$context.status']));
    expect(values.join(' ')).not.toMatch(/body|header|claims|querystring/i);
  });

  test.each(Object.values(ApiKind))('%s: extra fields are added beside every standard field', (kind) => {
    const fields = JSON.parse(jsonAccessLogFormat(kind, { sub: '$context.authorizer.claims.sub' }));
    expect(fields).toEqual({ ...standardAccessLogFields(kind), sub: '$context.authorizer.claims.sub' });
  });
});

describe('the public-route record, parameterised by the rule ids of each kind', () => {
  test('records the reason and the declared route in template metadata, and acknowledges the other packs\' rule ids it is given', () => {
    const stack = new Stack();
    const route = new CfnResource(stack, 'Method', { type: 'AWS::ApiGateway::Method' });
    recordPublicRoute(route, 'Status page for customers', ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'Portcullis-RouteAuthorization'],
      { restApiId: 'api123', httpMethod: 'GET', path: '/status' });

    Template.fromStack(stack).hasResource('AWS::ApiGateway::Method', {
      Metadata: { [PUBLIC_ROUTE_METADATA_KEY]: { reason: 'Status page for customers', restApiId: 'api123', httpMethod: 'GET', path: '/status' } },
    });
    const acknowledged = route.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    const reason = 'Public route declared with RouteAuthorization.publicAccess: Status page for customers';
    // Portcullis-RouteAuthorization reads the record on this very resource instead: an acknowledgement would cover its children too.
    expect(Object.assign({}, ...acknowledged)).toEqual({
      'Annotation::AwsSolutions-APIG4': reason,
      'Annotation::AwsSolutions-COG4': reason,
    });
  });

  test('each public route keeps its own acknowledgement entries, as acknowledge() writes them, with acknowledge() run once per process and rule id', () => {
    const rules = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'Portcullis-RouteAuthorization'];
    const routes = (stack: Stack) => [0, 1, 2].map((i) => new CfnResource(stack, `Method${i}`, { type: 'AWS::ApiGateway::Method' }));
    const entries = (route: CfnResource) =>
      route.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    const reason = 'Public route declared with RouteAuthorization.publicAccess: Status page for customers';
    const official = routes(new Stack(new App(), 'Official'));
    official.forEach((r) => Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason }));

    const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge');
    try {
      const recorded = routes(new Stack(new App(), 'Recorded'));
      recorded.forEach((r, i) => recordPublicRoute(r, 'Status page for customers', rules, { restApiId: 'api123', httpMethod: 'GET', path: `/status${i}` }));
      expect(recorded.map(entries)).toEqual(official.map(entries));
      // At most once for each acknowledged rule id in the process (an earlier test may have run it), not once per
      // route: each call renders stack traces.
      const learned = acknowledge.mock.calls.length;
      expect(learned).toBeLessThanOrEqual(2);
      const again = routes(new Stack(new App(), 'Again'));
      again.forEach((r, i) => recordPublicRoute(r, 'Status page for customers', rules, { restApiId: 'api123', httpMethod: 'GET', path: `/status${i}` }));
      expect(again.map(entries)).toEqual(official.map(entries));
      expect(acknowledge).toHaveBeenCalledTimes(learned);
    } finally {
      acknowledge.mockRestore();
    }
  });
});
