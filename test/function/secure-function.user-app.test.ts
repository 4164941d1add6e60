import * as lambda from 'aws-cdk-lib/aws-lambda';
import { JwtAuthorizerFunction, JwtIssuer, SecureFunction } from '../../lib';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

test.each(USER_APP_SETUPS)('SecureFunction and JwtAuthorizerFunction in a user\'s app ($name): no finding of the six packs, the runtime rules included', (setup) => {
  const stack = userStack(setup);
  new SecureFunction(stack, 'Orders', {
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
    noVpcReason: 'Reaches only public AWS endpoints; a VPC would add NAT cost for nothing',
    noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
  });
  new JwtAuthorizerFunction(stack, 'Verifier', { issuers: [JwtIssuer.oidc({ issuer: 'https://example.eu.auth0.com/', audiences: ['api'] })] });
  expect(findingsAtSynth(stack, ['Orders', 'Verifier'])).toEqual([]);
});
