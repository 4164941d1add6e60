import { CfnResource } from 'aws-cdk-lib';
import { PUBLIC_ROUTE_METADATA_KEY, PublicRouteDeclaration, PublicRouteRecord } from '../common/public-route-record';
import { acknowledgeRepeated } from '../common/repeated-acknowledgement';

export { PUBLIC_ROUTE_METADATA_KEY } from '../common/public-route-record';

/** The Portcullis rule that reads the public-route record itself (see {@link recordPublicRoute}). */
const PORTCULLIS_ROUTE_AUTHORIZATION = 'Portcullis-RouteAuthorization';

/**
 * Records a deliberately public route, method or `$connect` route: the reason and the route as
 * declared (API, and route key or method and path) go into the resource's template metadata, where a
 * reviewer sees them, and the reason becomes the acknowledgement of the other packs' rules that flag
 * unauthenticated routes of that API kind (and nothing else).
 *
 * `Portcullis-RouteAuthorization` is not acknowledged: an acknowledgement covers every resource below
 * the construct and survives a changed route key, so the rule reads the record instead, and accepts it
 * only on this resource and only while its API and key (or method and path) are still those declared.
 *
 * @param resource the route or method resource
 * @param reason why it is public (already checked against the reason policy)
 * @param ruleIds the cdk-nag rule ids that flag an unauthenticated route of this kind
 * @param declared the route as declared
 */
export function recordPublicRoute(resource: CfnResource, reason: string, ruleIds: readonly string[], declared: PublicRouteDeclaration): void {
  const record: PublicRouteRecord = { reason, ...declared };
  resource.addMetadata(PUBLIC_ROUTE_METADATA_KEY, record);
  const acknowledgement = `Public route declared with RouteAuthorization.publicAccess: ${reason}`;
  // One entry per rule on this resource, as `Validations.acknowledge(...rules)` writes them, without its
  // stack trace per call (an API with many public routes would pay it per route and rule).
  for (const id of ruleIds) {
    if (id !== PORTCULLIS_ROUTE_AUTHORIZATION) acknowledgeRepeated(resource, { id, reason: acknowledgement });
  }
}
