import { IConstruct } from 'constructs';
import { CognitoAuthorizationProps, validateCognitoAuthorization } from './cognito-authorization';
import { checkCognitoScopesAtSynth } from './cognito-scopes';
import { JwtAuthorizationProps, mayBeCognitoIssuer, validateJwtAuthorization } from './jwt-authorization';
import { JwtLambdaAuthorizationProps, validateJwtLambdaAuthorization } from './jwt-lambda-authorization';
import { LambdaAuthorizationProps, validateLambdaAuthorization } from './lambda-authorization';
import { checkScopeWords } from './scope-words';
import { ApiKind, apiKindName } from '../common/api-kind';
import { reasonProblem } from '../common/reason-policy';
import { invalidProp } from '../common/validation';

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
  /** A JWT verified by the Portcullis Lambda JWT authorizer (several issuers, custom claims, WebSocket). */
  JWT_LAMBDA = 'JWT_LAMBDA',
  /** AWS Signature Version 4 with IAM credentials. */
  IAM = 'IAM',
  /** Nobody is asked: the route is public, for a stated reason. */
  NONE = 'NONE',
}

/**
 * Which authorization kinds each API kind can honour, and which of them take scopes. WebSocket APIs
 * authorize only `$connect`, with a Lambda authorizer or IAM: API Gateway has no JWT authorizer for them.
 * The first column of the route capability table (lib/route/route-spec.ts).
 */
export const AUTHORIZATION_SUPPORT: Record<ApiKind, { kinds: AuthorizationKind[]; scoped: AuthorizationKind[] }> = {
  HTTP: { kinds: Object.values(AuthorizationKind), scoped: [AuthorizationKind.JWT, AuthorizationKind.COGNITO] },
  REST: { kinds: Object.values(AuthorizationKind), scoped: [AuthorizationKind.JWT, AuthorizationKind.COGNITO] },
  WEBSOCKET: { kinds: [AuthorizationKind.LAMBDA, AuthorizationKind.JWT_LAMBDA, AuthorizationKind.IAM, AuthorizationKind.NONE], scoped: [] },
};

const SCOPE_FIX = "list each scope separately, e.g. ['user.id', 'user.email'] rather than 'user.id user.email'";

const FACTORIES: Record<AuthorizationKind, string> = {
  JWT: 'jwt', COGNITO: 'cognito', LAMBDA: 'lambdaAuthorizer', JWT_LAMBDA: 'jwtLambda', IAM: 'iam', NONE: 'publicAccess',
};

/** The `RouteAuthorization` factories that protect a route of this API kind, e.g. `RouteAuthorization.lambdaAuthorizer(), jwtLambda() or iam()`. */
export function protectingFactories(apiKind: ApiKind): string {
  const names = AUTHORIZATION_SUPPORT[apiKind].kinds.filter((k) => k !== AuthorizationKind.NONE).map((k) => `${FACTORIES[k]}()`);
  return `RouteAuthorization.${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/**
 * Who may call a route, a REST method or a WebSocket `$connect` route: one kind-neutral declaration
 * that every Portcullis API understands. Each API kind builds its own authorizer from it (an HTTP JWT
 * authorizer, a REST JWT or Cognito authorizer, ...), and refuses at synth what it cannot honour.
 *
 * Create one with a static method and reuse the same object for every route it protects: each API
 * gets one authorizer resource per object.
 */
export class RouteAuthorization {
  /**
   * JWT from any OpenID Connect / OAuth 2.0 issuer. On a REST API, API Gateway reads the issuer's
   * `/.well-known/openid-configuration` when it creates the authorizer: an issuer that is not
   * reachable at deploy time fails the deployment (see `RestJwtAuthorizer`).
   */
  public static jwt(props: JwtAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.JWT, props.scopes ?? [], { jwtProps: props });
  }

  /** JWT from an Amazon Cognito user pool, limited to the given app clients and scopes. */
  public static cognito(props: CognitoAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.COGNITO, props.scopes ?? [], { cognitoProps: props });
  }

  /** A Lambda function decides. */
  public static lambdaAuthorizer(props: LambdaAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.LAMBDA, [], { lambdaProps: props });
  }

  /**
   * A JWT verified by the Portcullis Lambda JWT authorizer, built on aws-jwt-verify: several issuers at
   * once (Cognito user pools and any OpenID Connect issuer), required scopes, `token_use` and custom
   * claims; HTTP, REST and WebSocket (`$connect`) APIs. It fails closed, and API Gateway caches its
   * answer per token (5 minutes by default). Each API creates its own {@link JwtAuthorizerFunction}.
   *
   * Scopes are the authorizer's (`scopes`), not the route's: the cached answer for a token serves
   * every route it protects.
   */
  public static jwtLambda(props: JwtLambdaAuthorizationProps): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.JWT_LAMBDA, [], { jwtLambdaProps: props });
  }

  /** AWS IAM (SigV4). Grant callers with the API's `grantInvoke…()` methods. */
  public static iam(): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.IAM, []);
  }

  /**
   * No authorization: anyone on the internet may call the route. The reason (at least 10 characters)
   * is required, is written to the route's template metadata, and becomes the acknowledgement of the
   * cdk-nag rules that flag unauthenticated routes. It can only be given to a route, never as an
   * API's default: each public route states its own reason.
   *
   * @param reason why this route is public, e.g. 'Health check for the load balancer'
   */
  public static publicAccess(reason: string): RouteAuthorization {
    return new RouteAuthorization(AuthorizationKind.NONE, [], { publicReason: reason });
  }

  /** What kind of authorization this is. */
  public readonly kind: AuthorizationKind;
  /** Scopes required on routes that do not list their own. */
  public readonly scopes: string[];
  /** Why the route is public (only for `publicAccess`). */
  public readonly publicReason?: string;
  /** The JWT options (only for `jwt`). */
  public readonly jwtProps?: JwtAuthorizationProps;
  /** The Cognito options (only for `cognito`). */
  public readonly cognitoProps?: CognitoAuthorizationProps;
  /** The Lambda authorizer options (only for `lambdaAuthorizer`). */
  public readonly lambdaProps?: LambdaAuthorizationProps;
  /** The Lambda JWT authorizer options (only for `jwtLambda`). */
  public readonly jwtLambdaProps?: JwtLambdaAuthorizationProps;

  /** The APIs, and for each the kinds, this authorization's options were checked against and passed ({@link _validate}). */
  private readonly validatedFor = new WeakMap<IConstruct, Set<ApiKind>>();

  private constructor(kind: AuthorizationKind, scopes: string[], options: {
    publicReason?: string;
    jwtProps?: JwtAuthorizationProps;
    cognitoProps?: CognitoAuthorizationProps;
    lambdaProps?: LambdaAuthorizationProps;
    jwtLambdaProps?: JwtLambdaAuthorizationProps;
  } = {}) {
    this.kind = kind;
    this.scopes = scopes;
    this.publicReason = options.publicReason;
    this.jwtProps = options.jwtProps;
    this.cognitoProps = options.cognitoProps;
    this.lambdaProps = options.lambdaProps;
    this.jwtLambdaProps = options.jwtLambdaProps;
  }

  /**
   * Whether a token without scopes would say nothing about who it is for, as with Cognito access
   * tokens, which carry no `aud` claim.
   */
  public get requiresScopes(): boolean {
    if (this.kind === AuthorizationKind.COGNITO) return true;
    return this.kind === AuthorizationKind.JWT && mayBeCognitoIssuer(this.jwtProps!.issuer);
  }

  /**
   * Checks the options, whatever the API kind, and that the API kind can honour this authorization.
   *
   * @param scope the API, named in validation errors
   * @param prop the prop this authorization was passed in, named in validation errors
   * @param apiKind the kind of API that is to honour it
   * @internal
   */
  public _validate(scope: IConstruct, prop: string, apiKind: ApiKind): void {
    // One authorization usually protects every route of an API (as its default): its options, which are
    // pure data, are checked the first time for each API and kind, not once per route. A failed check
    // throws (or fails the synth), so only passed checks are remembered.
    const passed = this.validatedFor.get(scope);
    if (passed?.has(apiKind)) return;
    this.validateOptions(scope, prop, apiKind);
    if (passed) passed.add(apiKind);
    else this.validatedFor.set(scope, new Set([apiKind]));
  }

  private validateOptions(scope: IConstruct, prop: string, apiKind: ApiKind): void {
    if (!AUTHORIZATION_SUPPORT[apiKind].kinds.includes(this.kind)) {
      invalidProp(scope, prop, this.kind, `${apiKindName(apiKind)}s cannot check ${this.kind} authorization`,
        `use ${protectingFactories(apiKind)} on this ${apiKindName(apiKind)}, or declare the route public with RouteAuthorization.publicAccess('<reason>')`);
    }
    checkScopeWords(scope, `${prop}.scopes`, this.scopes, SCOPE_FIX);
    switch (this.kind) {
      case AuthorizationKind.JWT: return validateJwtAuthorization(scope, prop, this.jwtProps!);
      case AuthorizationKind.COGNITO: return validateCognitoAuthorization(scope, prop, this.cognitoProps!);
      case AuthorizationKind.LAMBDA: return validateLambdaAuthorization(scope, prop, this.lambdaProps!);
      case AuthorizationKind.JWT_LAMBDA: return validateJwtLambdaAuthorization(scope, prop, this.jwtLambdaProps!);
      case AuthorizationKind.IAM: return;
      case AuthorizationKind.NONE: {
        const problem = reasonProblem(this.publicReason);
        if (problem) {
          invalidProp(scope, `${prop}.publicAccess(reason)`, this.publicReason, `a public route needs a reason: ${problem}`,
            "say why anyone may call it, e.g. RouteAuthorization.publicAccess('Health check for the load balancer')");
        }
      }
    }
  }

  /**
   * Checks the scopes a route ends up with: each one word; none on kinds without scopes; at least
   * one where tokens carry no audience.
   *
   * @param scope the API, named in validation errors
   * @param prop the prop the scopes come from (the route's own, or its authorization's)
   * @param scopes the route's scopes
   * @param apiKind the kind of API the route belongs to
   * @internal
   */
  public _checkRouteScopes(scope: IConstruct, prop: string, scopes: string[], apiKind: ApiKind): void {
    checkScopeWords(scope, prop, scopes, SCOPE_FIX);
    const scoped = AUTHORIZATION_SUPPORT[apiKind].scoped;
    if (!scoped.includes(this.kind) && scopes.length > 0) {
      invalidProp(scope, prop, scopes,
        `authorization scopes apply only to ${scoped.length > 0 ? scoped.join(' and ') : 'no'} authorization on ${apiKindName(apiKind)}s, not to ${this.kind}`,
        scoped.length > 0 ? `remove the scopes, or protect the route with RouteAuthorization.${scoped.map((k) => k.toLowerCase()).join('() or ')}()` : 'remove the scopes');
    }
    if (this.requiresScopes && scopes.length === 0) {
      invalidProp(scope, prop, scopes,
        'the issuer is (or, being only known at deploy time, may be) Amazon Cognito; Cognito access tokens carry no aud claim, so without scopes any token of the pool\'s clients passes',
        "list the scopes the route needs, e.g. scopes: ['orders/read'], on the route or on the authorization");
    }
    if (this.kind === AuthorizationKind.COGNITO) {
      checkCognitoScopesAtSynth(scope, prop, this.cognitoProps!.userPool, scopes);
    }
  }

}
