import { Token } from 'aws-cdk-lib';
import { headerCanHoldCredential } from '../common/credential-headers';

/**
 * Which part of a request an identity source reads.
 */
export enum IdentitySourceLocation {
  /** A request header, e.g. `Authorization`. */
  HEADER = 'HEADER',
  /** A query-string parameter. */
  QUERY_STRING = 'QUERY_STRING',
  /** A `$context` variable, e.g. `identity.sourceIp`. */
  CONTEXT = 'CONTEXT',
  /** A stage variable. */
  STAGE_VARIABLE = 'STAGE_VARIABLE',
}

/**
 * A part of the request an authorizer reads: where the caller's credential is, or (for a Lambda
 * authorizer) what else it needs. Written once, whatever the API kind: each kind's builder translates
 * it into its own syntax (`$request.header.X` for HTTP APIs, `method.request.header.X` for REST,
 * `route.request.header.X` for WebSocket).
 */
export class IdentitySource {
  /** A request header, e.g. `IdentitySource.header('Authorization')`. Header names are case-insensitive. */
  public static header(name: string): IdentitySource {
    return new IdentitySource(IdentitySourceLocation.HEADER, name);
  }

  /** A query-string parameter, e.g. `IdentitySource.queryString('token')`. */
  public static queryString(name: string): IdentitySource {
    return new IdentitySource(IdentitySourceLocation.QUERY_STRING, name);
  }

  /** A `$context` variable without the prefix, e.g. `IdentitySource.context('identity.sourceIp')`. */
  public static context(variable: string): IdentitySource {
    return new IdentitySource(IdentitySourceLocation.CONTEXT, variable);
  }

  /** A stage variable. */
  public static stageVariable(name: string): IdentitySource {
    return new IdentitySource(IdentitySourceLocation.STAGE_VARIABLE, name);
  }

  /** Where the value is read from. */
  public readonly location: IdentitySourceLocation;
  /** The header, parameter or variable name. */
  public readonly name: string;

  private constructor(location: IdentitySourceLocation, name: string) {
    this.location = location;
    this.name = name;
  }

  /**
   * Whether the caller sends this part, so that it can carry a credential: query strings, and headers
   * other than those that hold no credential (`Host`, `User-Agent`, `Accept`, `X-Forwarded-For`, …).
   * Context and stage variables are the same for many callers.
   */
  public get isFromCaller(): boolean {
    if (this.location === IdentitySourceLocation.HEADER) return Token.isUnresolved(this.name) || headerCanHoldCredential(this.name);
    return this.location === IdentitySourceLocation.QUERY_STRING;
  }

  /** A readable form for messages, e.g. `header Authorization`. */
  public toString(): string {
    return `${LOCATION_LABELS[this.location]} ${this.name}`;
  }
}

const LOCATION_LABELS: Record<IdentitySourceLocation, string> = {
  HEADER: 'header', QUERY_STRING: 'query string', CONTEXT: 'context variable', STAGE_VARIABLE: 'stage variable',
};

/** Where tokens are read from when the caller does not say. */
export const DEFAULT_TOKEN_SOURCE = IdentitySource.header('Authorization');

// Header names are RFC 9110 tokens; variable and parameter names are kept to what API Gateway accepts.
const NAME_PATTERNS: Record<IdentitySourceLocation, RegExp> = {
  HEADER: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
  QUERY_STRING: /^[A-Za-z0-9._~-]+$/,
  CONTEXT: /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/,
  STAGE_VARIABLE: /^[A-Za-z0-9_]+$/,
};

/** What is wrong with an identity source's name, or undefined when it is valid. */
export function identitySourceProblem(source: IdentitySource): string | undefined {
  if (Token.isUnresolved(source.name)) return undefined;
  if (typeof source.name !== 'string' || !NAME_PATTERNS[source.location].test(source.name)) {
    return `${JSON.stringify(source.name)} is not a valid ${LOCATION_LABELS[source.location]} name`;
  }
  return undefined;
}
