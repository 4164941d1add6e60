import { CfnResource } from 'aws-cdk-lib';
import { NagRuleResult } from 'cdk-nag';
import AuthorizerCacheKey from './authorization/AuthorizerCacheKey';
import CognitoJwtScopes from './authorization/CognitoJwtScopes';
import JwtAudience from './authorization/JwtAudience';
import RouteAuthorization from './authorization/RouteAuthorization';
import CorsCredentialsWildcard from './cors/CorsCredentialsWildcard';
import DefaultEndpointDisabled from './domain/DefaultEndpointDisabled';
import DomainTlsPolicy from './domain/DomainTlsPolicy';
import LambdaPermissionSourceArn from './lambda/LambdaPermissionSourceArn';
import AccessLogs from './stage/AccessLogs';
import RestDataTrace from './stage/RestDataTrace';
import RestWaf from './stage/RestWaf';
import StageThrottling from './stage/StageThrottling';

/** A Portcullis rule: a pure function of one resource (and the stack it can look across). */
export type PortcullisRule = (node: CfnResource) => NagRuleResult;

/** Every rule, keyed by its name (the rule id without the `Portcullis-` prefix). */
export const RULES_BY_NAME: Readonly<Record<string, PortcullisRule>> = Object.fromEntries(
  [
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
  ].map((rule) => [rule.name, rule]),
);
