import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantOnApi } from '../common/api-grant';
import { ApiKind } from '../common/api-kind';
import { ISecureApi } from '../common/secure-api';
import { invalidProp, isUnresolved } from '../common/validation';

/**
 * Narrows a grant to APIs that carry a tag (`aws:ResourceTag/<key>` equals `value`), on top of the ARNs.
 */
export interface ResourceTagCondition {
  /** The tag key. */
  readonly key: string;
  /** The value the tag must have. */
  readonly value: string;
}

/**
 * Options of the {@link GatewayAccess} grants.
 */
export interface GatewayAccessOptions {
  /**
   * Grants only while the API carries this tag: a grant then stops working when the tag is removed.
   *
   * @default - the ARNs alone
   */
  readonly resourceTag?: ResourceTagCondition;
}

/** Why `grantAdminister` ends in `<api>/*`. */
const ADMINISTER_WILDCARD_REASON = 'The ids of resources, methods, routes, integrations and deployments under the API exist only at run time; '
  + 'the wildcard covers only what is under this one API';

/** Collections an API's readers may list (each a fixed path: no wildcard, nothing beyond the API). */
const READ_COLLECTIONS: Record<'REST' | 'V2', string[]> = {
  REST: ['stages', 'deployments', 'authorizers', 'resources', 'models', 'requestvalidators', 'gatewayresponses'],
  V2: ['stages', 'deployments', 'authorizers', 'routes', 'integrations', 'models'],
};

/**
 * Least-privilege access to the management plane of specific APIs, for people and pipelines: every
 * statement names the APIs' ARNs (`arn:<partition>:apigateway:<region>::/restapis/<id>…` for REST,
 * `…::/apis/<id>…` for HTTP and WebSocket), never an account-wide wildcard.
 *
 * - `grantRead`: GET on the API and its collections (stages, deployments, authorizers, resources or
 *   routes, integrations, models). No wildcard, so AwsSolutions-IAM5 passes without acknowledgement.
 * - `grantDeploy`: what a pipeline needs to roll out a new deployment to the API's Portcullis stage
 *   (read, POST a deployment, PATCH that one stage). No wildcard either.
 * - `grantAdminister`: every management verb on the API and everything under it (`<api>/*`). The
 *   ids of resources, methods and routes are only known at run time, so this one needs a wildcard
 *   below the API; its AwsSolutions-IAM5 finding is acknowledged, with that reason, on the policy
 *   that holds the statement.
 *
 * The statements go where `SecureHttpApi.grantInvoke` puts its own: for a role, user or group of the
 * app, a customer managed policy per grantee and API (`PortcullisGrants<api unique id>`, a child of
 * the grantee), never the inline `DefaultPolicy` that NIST 800-53 R5, HIPAA and PCI DSS flag; other
 * grantees get aws-cdk-lib's `iam.Grant.addToPrincipal` behaviour.
 *
 * `resourceTag` adds an `aws:ResourceTag/<key>` condition, which API Gateway evaluates against the
 * tags of the resource acted on ("Using tags to control access to API Gateway REST API resources" in the
 * API Gateway developer guide). A collection or stage is matched through the tags API Gateway applies to
 * it (REST child resources inherit the API's tags; for HTTP and WebSocket APIs tag the stage as well):
 * test a tag-conditioned grant against your APIs before relying on it.
 */
export class GatewayAccess {
  /** Lets the grantee read the APIs' configuration. */
  public static grantRead(grantee: iam.IGrantable, apis: ISecureApi[], options: GatewayAccessOptions = {}): iam.Grant {
    checkApis(grantee, apis);
    return grantEach(apis, (api) => grant(grantee, api, ['apigateway:GET'], readArns(api), options));
  }

  /** Lets the grantee deploy the APIs: read them, create a deployment, and point their Portcullis stage at it. */
  public static grantDeploy(grantee: iam.IGrantable, apis: ISecureApi[], options: GatewayAccessOptions = {}): iam.Grant {
    const read = GatewayAccess.grantRead(grantee, apis, options);
    const create = grantEach(apis, (api) => grant(grantee, api, ['apigateway:POST'], [apiArn(api, '/deployments')], options));
    const update = grantEach(apis, (api) => grant(grantee, api, ['apigateway:PATCH'], [apiArn(api, `/stages/${api.stageName}`)], options));
    return read.combine(create).combine(update);
  }

  /** Lets the grantee change and delete the APIs and everything under them. */
  public static grantAdminister(grantee: iam.IGrantable, apis: ISecureApi[], options: GatewayAccessOptions = {}): iam.Grant {
    checkApis(grantee, apis);
    return grantEach(apis, (api) => grant(grantee, api, ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
      [apiArn(api), apiArn(api, '/*')], options, ADMINISTER_WILDCARD_REASON));
  }
}

/** The management ARN of an API, or of a path under it. */
export function apiArn(api: ISecureApi, suffix = ''): string {
  const { partition, region } = Stack.of(api);
  const collection = api.apiKind === ApiKind.REST ? 'restapis' : 'apis';
  return `arn:${partition}:apigateway:${region}::/${collection}/${api.apiId}${suffix}`;
}

function readArns(api: ISecureApi): string[] {
  const collections = READ_COLLECTIONS[api.apiKind === ApiKind.REST ? 'REST' : 'V2'];
  return [apiArn(api), ...collections.map((c) => apiArn(api, `/${c}`)), apiArn(api, `/stages/${api.stageName}`)];
}

/** One grant per API, combined: each API's statements go into the grantee's policy for that API. */
function grantEach(apis: ISecureApi[], grantOn: (api: ISecureApi) => iam.Grant): iam.Grant {
  return apis.map(grantOn).reduce((all, next) => all.combine(next));
}

function grant(
  grantee: iam.IGrantable, api: ISecureApi, actions: string[], resourceArns: string[], options: GatewayAccessOptions, wildcardReason?: string,
): iam.Grant {
  const tag = options.resourceTag;
  if (tag && !isUnresolved(tag.key) && (tag.key.length === 0 || tag.key.length > 128)) {
    invalidProp(constructOf(grantee) ?? api, 'resourceTag.key', tag.key, 'must be a tag key of 1 to 128 characters', "give e.g. 'team'");
  }
  return grantOnApi(api, {
    grantee,
    actions,
    resourceArns,
    conditions: tag ? { StringEquals: { [`aws:ResourceTag/${tag.key}`]: tag.value } } : undefined,
    wildcardReason,
  });
}

function checkApis(grantee: iam.IGrantable, apis: ISecureApi[]): void {
  if (apis.length > 0) return;
  const problem = 'must name at least one API';
  const fix = 'pass the APIs to grant access to, e.g. [api]';
  const scope = constructOf(grantee);
  if (scope) invalidProp(scope, 'apis', [], problem, fix);
  throw new Error(`GatewayAccess: argument 'apis' = []: ${problem}. Fix: ${fix}`);
}

/** The construct an error is reported on: the grantee (a role, a function) when it is one. */
function constructOf(grantee: iam.IGrantable): Construct | undefined {
  if (Construct.isConstruct(grantee)) return grantee;
  const principal: unknown = grantee.grantPrincipal;
  return Construct.isConstruct(principal) ? principal : undefined;
}
