export { ThrottleLimits } from './common/throttle';
export * from './common/encrypted-log-group';
export { HttpCorsOptions } from './http/cors';
export {
  AuthorizationKind, RouteAuthorization, JwtAuthorizationProps, CognitoAuthorizationProps, LambdaAuthorizationProps,
} from './http/route-authorization';
export { SecureHttpApi, SecureHttpApiProps, SecureHttpRouteOptions, SecureHttpApiAccessLogOptions } from './http/secure-http-api';
