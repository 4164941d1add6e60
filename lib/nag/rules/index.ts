import { AcknowledgementRule, PortcullisRule } from '../rule';
import AcknowledgementReason from './acknowledgement/AcknowledgementReason';
import AcknowledgementScope from './acknowledgement/AcknowledgementScope';
import IamApiOpenPolicy from './api/IamApiOpenPolicy';
import PrivateApiPolicy from './api/PrivateApiPolicy';
import RestApiTlsPolicy from './api/RestApiTlsPolicy';
import AuthorizerCacheKey from './authorization/AuthorizerCacheKey';
import CognitoJwtScopes from './authorization/CognitoJwtScopes';
import InvokeGranteeTrust from './authorization/InvokeGranteeTrust';
import JwtAudience from './authorization/JwtAudience';
import JwtPublicIssuer from './authorization/JwtPublicIssuer';
import PreflightLambdaProxy from './authorization/PreflightLambdaProxy';
import RouteAuthorization from './authorization/RouteAuthorization';
import WebSocketConnectRoute from './authorization/WebSocketConnectRoute';

import CorsAuthorizerHeaders from './cors/CorsAuthorizerHeaders';
import CorsCredentialsWildcard from './cors/CorsCredentialsWildcard';
import CorsNullOrigin from './cors/CorsNullOrigin';
import DefaultEndpointDisabled from './domain/DefaultEndpointDisabled';
import DomainTlsPolicy from './domain/DomainTlsPolicy';
import BackendBypass from './lambda/BackendBypass';
import LambdaPermissionSourceAccount from './lambda/LambdaPermissionSourceAccount';
import LambdaPermissionSourceArn from './lambda/LambdaPermissionSourceArn';
import AccessLogKeyGrants from './stage/AccessLogKeyGrants';
import AccessLogs from './stage/AccessLogs';
import DenialSignal from './stage/DenialSignal';
import RestCacheEncryption from './stage/RestCacheEncryption';
import RestDataTrace from './stage/RestDataTrace';
import RestExecutionLogging from './stage/RestExecutionLogging';
import RestTracing from './stage/RestTracing';
import RestWaf from './stage/RestWaf';
import StageThrottling from './stage/StageThrottling';
import WebSocketDataTrace from './stage/WebSocketDataTrace';
import RoutesOutsideTemplate from './template/RoutesOutsideTemplate';
import WafLogging from './waf/WafLogging';
import WebAclBlocks from './waf/WebAclBlocks';

/**
 * The rules of the pack, in catalogue order (the order of `PortcullisChecks.RULES` and RULES.md).
 * Each rule file exports its whole entry; adding a rule is a new file and a line here.
 */

/** Rules that check one resource. */
export const RESOURCE_RULES: readonly PortcullisRule[] = [
  RouteAuthorization,
  StageThrottling,
  AccessLogs,
  RestDataTrace,
  DomainTlsPolicy,
  DefaultEndpointDisabled,
  LambdaPermissionSourceArn,
  JwtAudience,
  CognitoJwtScopes,
  AuthorizerCacheKey,
  RestWaf,
  CorsCredentialsWildcard,
  RestExecutionLogging,
  RestTracing,
  RestCacheEncryption,
  PrivateApiPolicy,
  WafLogging,
  PreflightLambdaProxy,
  // WebSocket APIs.
  WebSocketConnectRoute,
  WebSocketDataTrace,

  // Rules for the security facts the constructs enforce (issue 18's rule-pack gaps).
  LambdaPermissionSourceAccount,
  AccessLogKeyGrants,
  CorsAuthorizerHeaders,

  // Settings that are present but do nothing, and authorizers anyone can satisfy (issue 23).
  CorsNullOrigin,
  WebAclBlocks,
  JwtPublicIssuer,
  RoutesOutsideTemplate,
  // Issue 24: the API's own TLS policy.
  RestApiTlsPolicy,
  // Rules for the adversarial review's ways around the gateway and its IAM authorization (issue 23).
  IamApiOpenPolicy,
  InvokeGranteeTrust,
  BackendBypass,
  // Issue 27: security signals from the gateway's own logs.
  DenialSignal,
];

/** Rules that check the acknowledgements recorded on constructs. */
export const ACKNOWLEDGEMENT_RULES: readonly AcknowledgementRule[] = [AcknowledgementReason, AcknowledgementScope];
