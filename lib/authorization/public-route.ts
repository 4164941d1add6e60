import { CfnResource, Validations } from 'aws-cdk-lib';

/** Metadata key under which each public route or method records its reason in the template. */
export const PUBLIC_ROUTE_METADATA_KEY = 'Portcullis::PublicRoute';

/**
 * Records a deliberately public route, method or `$connect` route: the reason goes into the
 * resource's template metadata, where a reviewer sees it, and becomes the acknowledgement of exactly
 * the rules that flag unauthenticated routes of that API kind (and nothing else).
 *
 * @param resource the route or method resource
 * @param reason why it is public (already checked against the reason policy)
 * @param ruleIds the cdk-nag rule ids that flag an unauthenticated route of this kind
 */
export function recordPublicRoute(resource: CfnResource, reason: string, ruleIds: readonly string[]): void {
  resource.addMetadata(PUBLIC_ROUTE_METADATA_KEY, { reason });
  Validations.of(resource).acknowledge(...ruleIds.map((id) => ({
    id,
    reason: `Public route declared with RouteAuthorization.publicAccess: ${reason}`,
  })));
}
