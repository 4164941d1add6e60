import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { reasonProblem } from './reason-policy';
import { invalidProp } from './validation';
import { recordWeakening, Weakening } from './weakening';

/** Metadata key recorded on an API that a custom domain maps but whose default endpoint is kept on. */
export const EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY = 'Portcullis::ExecuteApiEndpointKept';

/** The rule that reports an API mapped to a custom domain with its default endpoint still on. */
export const DEFAULT_ENDPOINT_RULE = 'Portcullis-DefaultEndpointDisabled';

/**
 * What `ISecureApi.serveThroughCustomDomain` does, for every API kind: given the API's own resource
 * (`AWS::ApiGatewayV2::Api` or `AWS::ApiGateway::RestApi`), turns its default `execute-api` endpoint
 * off, or keeps it on for a stated reason, recorded on the resource and acknowledging
 * `Portcullis-DefaultEndpointDisabled` there.
 *
 * Every domain that maps the API must agree: a reason to keep the endpoint after another domain turned
 * it off (or the reverse) is refused.
 *
 * @param scope the API construct (named in errors)
 * @param api the API's L1 resource
 * @param keepReason why the default endpoint stays on; undefined turns it off
 */
export function serveThroughCustomDomain(scope: IConstruct, api: CfnResource, keepReason: string | undefined): void {
  const turnedOff = DISABLED.has(api);
  if (keepReason === undefined) {
    if (KEPT.has(api)) {
      invalidProp(scope, 'keepExecuteApiEndpointReason', keepReason, 'another custom domain kept this API\'s default endpoint on with a reason',
        'give the same keepExecuteApiEndpointReason on every domain that maps this API, or on none');
    }
    api.addPropertyOverride('DisableExecuteApiEndpoint', true);
    DISABLED.add(api);
    return;
  }
  const problem = reasonProblem(keepReason);
  if (problem !== undefined) {
    invalidProp(scope, 'keepExecuteApiEndpointReason', keepReason, problem,
      'say why clients must still reach the API at its execute-api URL (e.g. a migration window and its end date), or leave it out to turn the endpoint off');
  }
  if (turnedOff) {
    invalidProp(scope, 'keepExecuteApiEndpointReason', keepReason, 'another custom domain already turned this API\'s default endpoint off',
      'give the same keepExecuteApiEndpointReason on every domain that maps this API, or on none');
  }
  // Recorded once per API, however many domains map it with the reason.
  if (KEPT.has(api)) return;
  api.addMetadata(EXECUTE_API_ENDPOINT_KEPT_METADATA_KEY, { reason: keepReason, consequence: ENDPOINT_KEPT.consequence });
  recordWeakening(api, ENDPOINT_KEPT, keepReason);
  KEPT.add(api);
}

/** The default endpoint kept on beside a custom domain, with `keepExecuteApiEndpointReason`. */
const ENDPOINT_KEPT: Weakening = {
  setting: 'the execute-api endpoint kept with a custom domain',
  reasonProp: 'keepExecuteApiEndpointReason',
  consequence: 'clients can bypass the custom domain (its TLS policy, mutual TLS and any WAF or CDN in front of it) through https://<api-id>.execute-api.<region>.amazonaws.com',
  rules: [DEFAULT_ENDPOINT_RULE],
};

const DISABLED = new WeakSet<CfnResource>();
const KEPT = new WeakSet<CfnResource>();
