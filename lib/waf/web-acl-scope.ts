/** Where a `GatewayWebAcl` can be attached. */
export enum WebAclScope {
  /**
   * API Gateway REST API stages, Application Load Balancers, AppSync, Cognito user pools and other
   * regional resources, in the stack's Region.
   */
  REGIONAL = 'REGIONAL',
  /**
   * CloudFront distributions. The web ACL must be created in us-east-1 and is attached through the
   * distribution's `webAclId`, not with `associate()`.
   */
  CLOUDFRONT = 'CLOUDFRONT',
}
