import { Duration, Token } from 'aws-cdk-lib';
import { HttpNoneAuthorizer, IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpIamAuthorizer, HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpLambdaResponseType, HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { checkInteger, checkNonEmptyStrings, invalidProp, isUnresolved } from '../common/validation';

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

/**
 * A JWT authorizer for any OpenID Connect / OAuth 2.0 issuer.
 */
export interface JwtAuthorizationProps {
  /**
   * The issuer URL, exactly as in the tokens' `iss` claim. Must be `https://`.
   * API Gateway fetches `<issuer>/.well-known/openid-configuration` and the JWKS it names.
   */
  readonly issuer: string;

  /**
   * Accepted audiences. API Gateway accepts a token whose `aud` claim (or, when `aud` is absent,
   * `client_id` claim) matches one of them. At least one is required.
   */
  readonly audience: string[];

  /**
   * Scopes required on every route using this authorization, unless the route lists its own.
   * Each scope is one word, e.g. `['user.id', 'user.email']`; a token needs at least one of them.
   *
   * @default - no scopes (required when the issuer is Amazon Cognito: see `cognito()`)
   */
  readonly scopes?: string[];

  /**
   * Where the token is read from.
   *
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * Name of the authorizer resource.
   *
   * @default - 'JwtAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/**
 * A JWT authorizer for an Amazon Cognito user pool.
 *
 * Cognito access tokens carry no `aud` claim; API Gateway then compares their `client_id` claim
 * with the audience, which Portcullis sets to the app clients given here. Scopes are required as
 * well, so a route states what a token must be allowed to do, not only which client asked for it.
 */
export interface CognitoAuthorizationProps {
  /** The user pool that issues the tokens. */
  readonly userPool: cognito.IUserPool;

  /** App clients whose tokens are accepted. At least one. */
  readonly userPoolClients: cognito.IUserPoolClient[];

  /**
   * Scopes required on every route using this authorization, unless the route lists its own,
   * e.g. `['orders/read']` for a resource server scope or `['aws.cognito.signin.user.admin']`.
   * Required: without scopes any token of the listed clients passes, whatever it was issued for.
   */
  readonly scopes: string[];

  /**
   * Region of the user pool.
   *
   * @default - the stack's Region
   */
  readonly userPoolRegion?: string;

  /**
   * Name of the authorizer resource.
   *
   * @default - 'CognitoAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/**
 * A Lambda (REQUEST) authorizer.
 */
export interface LambdaAuthorizationProps {
  /** The function that decides. It must fail closed: any error means deny. */
  readonly handler: lambda.IFunction;

  /**
   * Request parts passed to the function; with caching on they are also the cache key, so they
   * must include the caller's credential (a header or query string).
   *
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * How long API Gateway caches a decision for the same identity sources. `Duration.seconds(0)`
   * turns caching off.
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;

  /**
   * Response format of the function.
   *
   * @default [HttpLambdaResponseType.SIMPLE]
   */
  readonly responseTypes?: HttpLambdaResponseType[];

  /**
   * Name of the authorizer resource.
   *
   * @default - 'LambdaAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/** Defaults of the authorization options, in one place. */
export const AUTHORIZATION_DEFAULTS = {
  identitySource: ['$request.header.Authorization'],
  lambdaResultsCacheTtl: Duration.minutes(5),
  lambdaResponseTypes: [HttpLambdaResponseType.SIMPLE],
};

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//;
const SCOPE = /^\S+$/;
const IDENTITY_SOURCE = /^\$(request\.header|request\.querystring|context|stageVariables)\.[^\s]+$/;
const CREDENTIAL_SOURCE = /^\$request\.(header|querystring)\./;

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
  public static lambda(props: LambdaAuthorizationProps): RouteAuthorization {
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
    const issuer = this.config.jwt?.issuer;
    return this.kind === AuthorizationKind.JWT && issuer !== undefined && !Token.isUnresolved(issuer) && COGNITO_ISSUER.test(issuer);
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
      case AuthorizationKind.JWT: return this.jwtAuthorizer(scope, prop, id, this.config.jwt!);
      case AuthorizationKind.COGNITO: return this.cognitoAuthorizer(scope, prop, id, this.config.cognito!);
      case AuthorizationKind.LAMBDA: return this.lambdaAuthorizer(scope, prop, id, this.config.lambda!);
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
        'Cognito access tokens carry no aud claim, so without scopes any token of the pool\'s clients passes',
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

  private jwtAuthorizer(scope: IConstruct, prop: string, id: string, props: JwtAuthorizationProps): IHttpRouteAuthorizer {
    if (!isUnresolved(props.issuer)) {
      let url: URL | undefined;
      try {
        url = new URL(props.issuer);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== 'https:' || url.hash !== '' || url.search !== '') {
        invalidProp(scope, `${prop}.issuer`, props.issuer, 'must be an https:// URL without query or fragment',
          "use the issuer exactly as in the tokens' iss claim, e.g. 'https://auth.example.com/'");
      }
    }
    checkNonEmptyStrings(scope, `${prop}.audience`, props.audience,
      "list the audiences (client ids or API identifiers) tokens must be issued for, e.g. ['https://api.example.com']");
    this.validateIdentitySource(scope, `${prop}.identitySource`, props.identitySource);
    return new HttpJwtAuthorizer(id, props.issuer, {
      jwtAudience: props.audience,
      identitySource: props.identitySource ?? AUTHORIZATION_DEFAULTS.identitySource,
      authorizerName: props.authorizerName ?? id,
    });
  }

  private cognitoAuthorizer(scope: IConstruct, prop: string, id: string, props: CognitoAuthorizationProps): IHttpRouteAuthorizer {
    if (!props.userPoolClients || props.userPoolClients.length === 0) {
      invalidProp(scope, `${prop}.userPoolClients`, [], 'must list at least one app client',
        'pass the app clients whose tokens this API accepts: userPoolClients: [client]');
    }
    return new HttpUserPoolAuthorizer(id, props.userPool, {
      userPoolClients: props.userPoolClients,
      userPoolRegion: props.userPoolRegion,
      authorizerName: props.authorizerName ?? id,
    });
  }

  private lambdaAuthorizer(scope: IConstruct, prop: string, id: string, props: LambdaAuthorizationProps): IHttpRouteAuthorizer {
    const identitySource = props.identitySource ?? AUTHORIZATION_DEFAULTS.identitySource;
    this.validateIdentitySource(scope, `${prop}.identitySource`, identitySource);
    const ttl = props.resultsCacheTtl ?? AUTHORIZATION_DEFAULTS.lambdaResultsCacheTtl;
    const ttlSeconds = ttl.toSeconds();
    checkInteger(scope, `${prop}.resultsCacheTtl`, ttlSeconds, 0, 3600, 'use a Duration from 0 to 1 hour');
    if (!isUnresolved(ttlSeconds) && ttlSeconds > 0 && !identitySource.some((s) => isUnresolved(s) || CREDENTIAL_SOURCE.test(s))) {
      invalidProp(scope, `${prop}.identitySource`, identitySource,
        'with caching on, the identity sources are the cache key; without the caller\'s credential one caller\'s decision would serve another',
        "add the header or query string that carries the credential, e.g. '$request.header.Authorization', or set resultsCacheTtl: Duration.seconds(0)");
    }
    return new HttpLambdaAuthorizer(id, props.handler, {
      identitySource,
      resultsCacheTtl: ttl,
      responseTypes: props.responseTypes ?? AUTHORIZATION_DEFAULTS.lambdaResponseTypes,
      authorizerName: props.authorizerName ?? id,
    });
  }

  private validateIdentitySource(scope: IConstruct, prop: string, sources: string[] | undefined): void {
    if (sources === undefined) return;
    checkNonEmptyStrings(scope, prop, sources, "name where the credential is read from, e.g. ['$request.header.Authorization']");
    for (const s of sources) {
      if (isUnresolved(s)) continue;
      if (!IDENTITY_SOURCE.test(s)) {
        invalidProp(scope, prop, sources, `${JSON.stringify(s)} is not an identity source`,
          "use $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>");
      }
    }
  }
}
