export type { ThrottleLimits } from './common/throttle';
export * from './common/encrypted-log-group';
export type { HttpCorsOptions } from './http/cors';
export { AuthorizationKind, RouteAuthorization } from './http/route-authorization';
export type { JwtAuthorizationProps, CognitoAuthorizationProps, LambdaAuthorizationProps } from './http/route-authorization';
export { SecureHttpApi } from './http/secure-http-api';
export type { SecureHttpApiProps, SecureHttpRouteOptions, SecureHttpApiAccessLogOptions } from './http/secure-http-api';
export * from './nag/portcullis-checks';
