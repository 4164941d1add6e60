import { standardAccessLogFields } from '../../common/access-log-fields';
import { ApiKind, apiKindName } from '../../common/api-kind';

/**
 * What each security signal needs from an access-log record, and which field of the kind's one
 * access-log field table (`lib/common/access-log-fields.ts`) plays that part. Only names are chosen
 * here; {@link accessLogRolesOf} checks each against the table, so renaming or dropping a field there
 * fails every rule, alarm and query that reads it (and their tests), instead of leaving a rule that
 * silently matches nothing.
 */
export interface AccessLogRoles {
  /** The caller's source IP. */
  readonly sourceIp: string;
  /** The HTTP status API Gateway answered with (a string in the JSON record, e.g. `"403"`). */
  readonly status: string;
  /** The fields that name the route or method (e.g. `httpMethod` + `resourcePath` for REST). */
  readonly route: readonly string[];
  /** The path the caller asked for, matched or not (404 probing); the route key where there is no path. */
  readonly requestedPath: string;
  /** The principal the authorizer returned. */
  readonly principal: string;
  /** The authorizer's error message. */
  readonly authorizerError: string;
  /** API Gateway's error message. */
  readonly errorMessage: string;
  /** Milliseconds to answer the request; the integration's latency where the kind reports no other. */
  readonly latency: string;
  /** The X-Ray trace id, for the kinds that trace. */
  readonly traceId?: string;
  /** The request id. */
  readonly requestId: string;
}

/** The parts, by kind, as field names. Checked against the tables by {@link accessLogRolesOf}. */
const ROLES: Record<ApiKind, AccessLogRoles> = {
  [ApiKind.HTTP]: {
    sourceIp: 'sourceIp',
    status: 'status',
    route: ['routeKey'],
    requestedPath: 'path',
    principal: 'principalId',
    authorizerError: 'authorizerError',
    errorMessage: 'errorMessage',
    latency: 'responseLatency',
    requestId: 'requestId',
  },
  [ApiKind.REST]: {
    sourceIp: 'sourceIp',
    status: 'status',
    route: ['httpMethod', 'resourcePath'],
    requestedPath: 'path',
    principal: 'principalId',
    authorizerError: 'authorizerError',
    errorMessage: 'errorMessage',
    latency: 'responseLatency',
    traceId: 'xrayTraceId',
    requestId: 'requestId',
  },
  [ApiKind.WEBSOCKET]: {
    sourceIp: 'sourceIp',
    status: 'status',
    route: ['routeKey'],
    requestedPath: 'routeKey',
    principal: 'principalId',
    authorizerError: 'authorizerError',
    errorMessage: 'errorMessage',
    latency: 'integrationLatency',
    requestId: 'requestId',
  },
};

/** Every field name a role list uses. */
export function roleFieldNames(roles: AccessLogRoles): string[] {
  return [...new Set([roles.sourceIp, roles.status, ...roles.route, roles.requestedPath, roles.principal,
    roles.authorizerError, roles.errorMessage, roles.latency, ...(roles.traceId ? [roles.traceId] : []), roles.requestId])];
}

/**
 * The access-log fields the security signals of a kind read, each checked against the kind's field table.
 *
 * @throws when the table no longer has one of them (renamed or dropped)
 */
export function accessLogRolesOf(kind: ApiKind): AccessLogRoles {
  const roles = ROLES[kind];
  const table = standardAccessLogFields(kind);
  const missing = roleFieldNames(roles).filter((name) => !(name in table));
  if (missing.length > 0) {
    throw new Error(`The ${apiKindName(kind)} access-log field table has no ${missing.join(', ')}, which the security insights read: `
      + 'update lib/monitoring/security/access-log-roles.ts with the new names');
  }
  return roles;
}

/** A field as a Contributor Insights key or filter path: `$.name`. */
export function jsonPath(field: string): string {
  return `$.${field}`;
}
