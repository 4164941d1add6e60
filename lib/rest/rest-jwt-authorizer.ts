import { Validations } from 'aws-cdk-lib';
import { AuthorizationType, CfnAuthorizer, IAuthorizer, IRestApi } from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

/**
 * Signing algorithms API Gateway's REST JWT authorizer accepts.
 */
export enum RestJwtAlgorithm {
  RS256 = 'RS256',
  RS384 = 'RS384',
  RS512 = 'RS512',
  ES256 = 'ES256',
  ES384 = 'ES384',
  ES512 = 'ES512',
}

/**
 * One issuer a {@link RestJwtAuthorizer} trusts, and the audiences it accepts from it.
 */
export interface RestJwtIssuer {
  /** The issuer URL, exactly as in the tokens' `iss` claim (`https://`, trailing slash included if the tokens have one). */
  readonly issuer: string;
  /** Audiences accepted from this issuer; at least one. */
  readonly audiences: string[];
}

/**
 * Properties of a {@link RestJwtAuthorizer}.
 */
export interface RestJwtAuthorizerProps {
  /** The REST API the authorizer belongs to. */
  readonly restApi: IRestApi;

  /**
   * Trusted issuers, each with its audiences. At least one. Each issuer must be reachable over HTTPS
   * when the authorizer is deployed: API Gateway reads its `/.well-known/openid-configuration` then.
   */
  readonly issuers: RestJwtIssuer[];

  /**
   * Signing algorithms accepted.
   *
   * @default [RestJwtAlgorithm.RS256] (what Amazon Cognito, Auth0, Okta and Entra ID sign with)
   */
  readonly algorithms?: RestJwtAlgorithm[];

  /**
   * Where the token is read from, in REST syntax.
   *
   * @default 'method.request.header.Authorization'
   */
  readonly identitySource?: string;

  /**
   * Name of the authorizer.
   *
   * @default - the construct's id
   */
  readonly authorizerName?: string;
}

/**
 * The method-level authorization type of a native JWT authorizer. aws-cdk-lib's `AuthorizationType`
 * has no member for it yet; the string is what CloudFormation expects on `AWS::ApiGateway::Method`.
 */
export const REST_JWT_AUTHORIZATION_TYPE = 'JWT' as AuthorizationType;

/**
 * API Gateway's native JWT authorizer for REST APIs (`AWS::ApiGateway::Authorizer` with `Type: JWT`):
 * API Gateway checks the token's signature, issuer, audience, expiry and, per method, its scopes,
 * without a Lambda function.
 *
 * **The issuers must be reachable at deploy time.** API Gateway reads each issuer's
 * `<issuer>/.well-known/openid-configuration` (and from it the JWKS) when CloudFormation creates or
 * updates the authorizer, so an issuer that does not answer then, a placeholder such as
 * `https://auth.example.com/`, a provider behind a private network or one not yet set up, fails the
 * deployment of the authorizer and rolls the stack back. Deploy the identity provider first (a Cognito
 * user pool in the same stack is created before the authorizer that references it).
 *
 * aws-cdk-lib 2.276 has no typed property for it, so this construct writes `Type` and
 * `JwtConfiguration` through `addPropertyOverride` on a `CfnAuthorizer`, and acknowledges the
 * CloudFormation validator's `F3002` (a property its bundled schema does not know yet) on this
 * resource only. When `CfnAuthorizer` gains `jwtConfiguration`, set it directly and drop both the
 * override and the acknowledgement.
 */
export class RestJwtAuthorizer extends Construct implements IAuthorizer {
  /** The authorizer id. */
  public readonly authorizerId: string;
  /** Always the REST `JWT` authorization type. */
  public readonly authorizationType?: AuthorizationType = REST_JWT_AUTHORIZATION_TYPE;
  /** The L1 resource, for further escape hatches. */
  public readonly resource: CfnAuthorizer;

  constructor(scope: Construct, id: string, props: RestJwtAuthorizerProps) {
    super(scope, id);
    // Type 'TOKEN' satisfies the typed L1's required property; the override replaces it.
    this.resource = new CfnAuthorizer(this, 'Resource', {
      restApiId: props.restApi.restApiId,
      name: props.authorizerName ?? id,
      type: 'TOKEN',
      identitySource: props.identitySource ?? 'method.request.header.Authorization',
    });
    this.resource.addPropertyOverride('Type', 'JWT');
    this.resource.addPropertyOverride('JwtConfiguration', {
      DefaultAlgorithms: props.algorithms ?? [RestJwtAlgorithm.RS256],
      Issuers: props.issuers.map((i) => ({ Issuer: i.issuer, Audiences: i.audiences })),
    });
    Validations.of(this.resource).acknowledge({
      id: 'CloudFormation-Validate::F3002',
      reason: 'JwtConfiguration of AWS::ApiGateway::Authorizer (native REST JWT authorizer) is newer than the bundled CloudFormation schema',
    });
    this.authorizerId = this.resource.ref;
  }
}
