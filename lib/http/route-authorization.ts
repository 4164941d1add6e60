import { HttpNoneAuthorizer, IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { IConstruct } from 'constructs';
import { CognitoAuthorizationProps, createCognitoAuthorizer } from './cognito-authorization';
import { createJwtAuthorizer, JwtAuthorizationProps, mayBeCognitoIssuer } from './jwt-authorization';
import { createLambdaAuthorizer, LambdaAuthorizationProps } from './lambda-authorization';
import { invalidProp, isUnresolved } from '../common/validation';

/**
 * How a route proves who is calling.
 */
export enum AuthorizationKind {
  /** A JSON Web Token from an OpenID Connect / OAuth 2.0 issuer, checked by API Gateway. */
  JWT = 'JWT',
  /** A JWT issued by an Amazon Cognito user pool, checked by API Gateway. */
  COGNITO = 'COGNITO',
  /** A Lambda function decides. */
  LAMBDA = 'LAMBDA',
  /** AWS Signature Version 4 with IAM credentials. */
  IAM = 'IAM',
  /** Nobody is asked: the route is public, for a stated reason. */
  NONE = 'NONE',
}

const SCOPE = /^\S+$/;

interface Config {
  readonly kind: AuthorizationKind;
  readonly scopes: string[];
  readonly publicReason?: string;
  readonly jwt?: JwtAuthorizationProps;
  readonly cognito?: CognitoAuthorizationProps;
  readonly lambda?: LambdaAuthorizationProps;
}

/**
 * Who may call a route of a {@link SecureHttpApi}.
 *
 * Create one with a static method and reuse the same object for every route it protects: each API
 * gets one authorizer resource per object.
 */
export class RouteAuthorization {
  /** JWT from any OpenID Connect / OAuth 2.0 issuer. */
  public static jwt(props: JwtAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization({ kind: AuthorizationKind.JWT, scopes: props.scopes ?? [], jwt: props });
  }

  /** JWT from an Amazon Cognito user pool, limited to the given app clients and scopes. */
  public static cognito(props: CognitoAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization({ kind: AuthorizationKind.COGNITO, scopes: props.scopes ?? [], cognito: props });
  }

  /** A Lambda function decides. */
  public static lambdaAuthorizer(props: LambdaAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization({ kind: AuthorizationKind.LAMBDA, scopes: [], lambda: props });
  }

  /** AWS IAM (SigV4). Grant callers with `SecureHttpApi.grantInvoke()`. */
  public static iam(): RouteAuthorization {
    return new RouteAuthorization({ kind: AuthorizationKind.IAM, scopes: [] });
  }

  /**
   * No authorization: anyone on the internet may call the route. The reason is required, is
   * written to the route's template metadata, and becomes the acknowledgement of the cdk-nag rules
   * that flag unauthenticated routes.
   *
   * @param reason why this route is public, e.g. 'Health check polled by the load balancer'
   */
  public static publicAccess(reason: string): RouteAuthorization {
    return new RouteAuthorization({ kind: AuthorizationKind.NONE, scopes: [], publicReason: reason });
  }

  /** What kind of authorization this is. */
  public readonly kind: AuthorizationKind;
  /** Scopes required on routes that do not list their own. */
  public readonly scopes: string[];
  /** Why the route is public (only for `publicAccess`). */
  public readonly publicReason?: string;

  private readonly config: Config;

  private constructor(config: Config) {
    this.config = config;
    this.kind = config.kind;
    this.scopes = config.scopes;
    this.publicReason = config.publicReason;
  }

  /**
   * Whether a token without scopes would say nothing about who it is for, as with Cognito access
   * tokens, which carry no `aud` claim.
   */
  public get requiresScopes(): boolean {
    if (this.kind === AuthorizationKind.COGNITO) return true;
    return this.kind === AuthorizationKind.JWT && mayBeCognitoIssuer(this.config.jwt!.issuer);
  }

  /** Whether route-level authorization scopes apply to this kind. */
  public get supportsScopes(): boolean {
    return this.kind === AuthorizationKind.JWT || this.kind === AuthorizationKind.COGNITO;
  }

  /**
   * Validates the options and creates the aws-cdk-lib authorizer for one API.
   *
   * @param scope the API, named in validation errors
   * @param prop the prop this authorization was passed in, named in validation errors
   * @param id construct id of the authorizer within the API
   * @internal
   */
  public _createAuthorizer(scope: IConstruct, prop: string, id: string): IHttpRouteAuthorizer {
    this.validateScopes(scope, `${prop}.scopes`, this.scopes);
    switch (this.kind) {
      case AuthorizationKind.JWT: return createJwtAuthorizer(scope, prop, id, this.config.jwt!);
      case AuthorizationKind.COGNITO: return createCognitoAuthorizer(scope, prop, id, this.config.cognito!);
      case AuthorizationKind.LAMBDA: return createLambdaAuthorizer(scope, prop, id, this.config.lambda!);
      case AuthorizationKind.IAM: return new HttpIamAuthorizer();
      case AuthorizationKind.NONE:
        if (!this.publicReason || this.publicReason.trim() === '') {
          invalidProp(scope, `${prop}.publicAccess(reason)`, this.publicReason, 'a public route needs a reason',
            "say why anyone may call it, e.g. RouteAuthorization.publicAccess('Health check for the load balancer')");
        }
        return new HttpNoneAuthorizer();
    }
  }

  /**
   * Checks the scopes a route ends up with: each one word; none on kinds without scopes; at least
   * one where tokens carry no audience.
   *
   * @internal
   */
  public _checkRouteScopes(scope: IConstruct, prop: string, scopes: string[]): void {
    this.validateScopes(scope, prop, scopes);
    if (!this.supportsScopes && scopes.length > 0) {
      invalidProp(scope, prop, scopes, `authorization scopes apply only to JWT and Cognito authorization, not ${this.kind}`,
        'remove the scopes, or protect the route with RouteAuthorization.jwt() or cognito()');
    }
    if (this.requiresScopes && scopes.length === 0) {
      invalidProp(scope, prop, scopes,
        'the issuer is (or, being only known at deploy time, may be) Amazon Cognito; Cognito access tokens carry no aud claim, so without scopes any token of the pool\'s clients passes',
        "list the scopes the route needs, e.g. scopes: ['orders/read'], on the route or on the authorization");
    }
  }

  private validateScopes(scope: IConstruct, prop: string, scopes: string[]): void {
    for (const s of scopes) {
      if (isUnresolved(s)) continue;
      if (!SCOPE.test(s)) {
        invalidProp(scope, prop, scopes, `scope ${JSON.stringify(s)} is not a single word`,
          "list each scope separately, e.g. ['user.id', 'user.email'] rather than 'user.id user.email'");
      }
    }
  }
}
