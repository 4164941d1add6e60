import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SecureHttpApi, SecureHttpApiProps } from '../../lib';

export { newFunction, newStack, partnerJwt } from '../stack-fixtures';

/**
 * Creates a SecureHttpApi and synthesizes its stack. Prop errors are reported together at synth
 * (`node.addValidation`), so tests of constructor props go through here.
 */
export function synthNew(stack: Stack, id: string, props?: SecureHttpApiProps): SecureHttpApi {
  const api = new SecureHttpApi(stack, id, props);
  Template.fromStack(stack);
  return api;
}
