import { AccessLogRoles } from './access-log-roles';
import { ABSENT_VALUE, DENIED_STATUSES } from './insight-rule-specs';

/** A CloudWatch Logs Insights query for incident response, before it is saved for a log group. */
export interface SavedQuerySpec {
  /** Short id, unique per API. */
  readonly id: string;
  /** What it shows; the end of the saved query's name. */
  readonly title: string;
  /** The query. Placeholders to replace are written `<like this>`. */
  readonly queryString: string;
}

/** The placeholder a responder replaces with the IP address to look up. */
export const SOURCE_IP_PLACEHOLDER = '<203.0.113.10>';
/** The placeholder a responder replaces with the principal to look up. */
export const PRINCIPAL_PLACEHOLDER = '<principal id>';

/**
 * The saved queries of one API kind, from its access-log field roles: every request from an IP, every
 * request by a principal, denials by route, authorizer errors with their messages, and the slowest
 * requests (with their X-Ray trace ids where the kind logs them). Logs Insights reads the JSON fields
 * by name; statuses and latencies are strings in the record, so they are matched by pattern and
 * converted before sorting.
 */
export function savedQuerySpecs(roles: AccessLogRoles): SavedQuerySpec[] {
  const request = ['@timestamp', roles.sourceIp, roles.principal, ...roles.route, roles.requestedPath, roles.status, roles.requestId]
    .filter((f, i, all) => all.indexOf(f) === i).join(', ');
  const deniedPattern = `/^(${DENIED_STATUSES.join('|')})$/`;
  const route = roles.route.join(', ');
  const slowest = ['@timestamp', ...roles.route, roles.status, `${roles.latency} * 1 as latencyMs`, ...(roles.traceId ? [roles.traceId] : []), roles.requestId]
    .filter((f, i, all) => all.indexOf(f) === i).join(', ');
  return [
    {
      id: 'RequestsFromIp',
      title: 'Every request from an IP',
      queryString: `fields ${request}\n| filter ${roles.sourceIp} = "${SOURCE_IP_PLACEHOLDER}"\n| sort @timestamp desc\n| limit 1000`,
    },
    {
      id: 'RequestsByPrincipal',
      title: 'Every request by a principal',
      queryString: `fields ${request}\n| filter ${roles.principal} = "${PRINCIPAL_PLACEHOLDER}"\n| sort @timestamp desc\n| limit 1000`,
    },
    {
      id: 'DenialsByRoute',
      title: 'Denials (401/403) by route',
      queryString: `filter ${roles.status} like ${deniedPattern}\n| stats count(*) as denials by ${route}, ${roles.status}\n| sort denials desc`,
    },
    {
      id: 'AuthorizerErrors',
      title: 'Authorizer errors with their messages',
      queryString: `fields @timestamp, ${roles.sourceIp}, ${route}, ${roles.status}, ${roles.authorizerError}, ${roles.errorMessage}\n`
        + `| filter ispresent(${roles.authorizerError}) and ${roles.authorizerError} != "${ABSENT_VALUE}" and ${roles.authorizerError} != ""\n| sort @timestamp desc\n| limit 1000`,
    },
    {
      id: 'SlowestRequests',
      title: roles.traceId ? 'Slowest requests with their X-Ray trace ids' : 'Slowest requests',
      queryString: `fields ${slowest}\n| filter ${roles.latency} != "${ABSENT_VALUE}"\n| sort latencyMs desc\n| limit 100`,
    },
  ];
}
