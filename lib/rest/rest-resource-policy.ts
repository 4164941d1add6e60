import { EndpointType } from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { invalidProp, isUnresolved } from '../common/validation';

/**
 * Who may reach a {@link SecureRestApi} at the network level, written into its resource policy.
 * Authorization still applies on top: the policy only narrows who gets that far.
 */
export interface RestResourcePolicyOptions {
  /**
   * Only these source addresses (CIDR blocks, IPv4 or IPv6) may call the API; every other address is denied.
   *
   * @default - any address
   */
  readonly allowSourceIps?: string[];

  /**
   * These source addresses (CIDR blocks) are denied, even when `allowSourceIps` lists them.
   *
   * @default - none
   */
  readonly denySourceIps?: string[];

  /**
   * Only requests through these interface VPC endpoints (`vpce-…` ids) may call the API. A private
   * API always gets this restriction for its `vpcEndpoints`.
   *
   * @default - any endpoint (or, for a private API, its `vpcEndpoints`)
   */
  readonly allowVpcEndpoints?: string[];
}

const CIDR_V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR_V6 = /^[0-9a-f:]+\/\d{1,3}$/i;
const VPCE = /^vpce-[0-9a-f]{8,17}$/;

/** Checks the options; independent checks, reported together. */
export function resourcePolicyChecks(scope: IConstruct, prop: string, options: RestResourcePolicyOptions): Array<() => void> {
  return [
    () => checkCidrs(scope, `${prop}.allowSourceIps`, options.allowSourceIps),
    () => checkCidrs(scope, `${prop}.denySourceIps`, options.denySourceIps),
    () => {
      for (const id of options.allowVpcEndpoints ?? []) {
        if (!isUnresolved(id) && !VPCE.test(id)) {
          invalidProp(scope, `${prop}.allowVpcEndpoints`, id, 'is not a VPC endpoint id', "pass ids like 'vpce-0123456789abcdef0', or endpoint.vpcEndpointId");
        }
      }
    },
  ];
}

function checkCidrs(scope: IConstruct, prop: string, cidrs: string[] | undefined): void {
  if (cidrs === undefined) return;
  if (cidrs.length === 0) invalidProp(scope, prop, cidrs, 'an empty list admits nobody or denies nobody, which is never meant', `leave ${prop} out, or list CIDR blocks`);
  for (const cidr of cidrs) {
    if (isUnresolved(cidr)) continue;
    const v4 = CIDR_V4.exec(cidr);
    const ok = v4 ? v4.slice(1, 5).every((o) => Number(o) <= 255) && Number(v4[5]) <= 32 : CIDR_V6.test(cidr) && Number(cidr.split('/')[1]) <= 128;
    if (!ok) invalidProp(scope, prop, cidr, 'is not a CIDR block', "write it as '203.0.113.0/24' (or '2001:db8::/32'); a single address is '203.0.113.7/32'");
  }
}

/**
 * The resource policy: an allow for `execute-api:Invoke` on the API (REST APIs with a resource policy
 * need one), narrowed by explicit denies, which always win.
 *
 * The allow names any principal; for IAM-authorized methods that would let principals of other accounts
 * whose own IAM policy allows it (without a resource policy, cross-account IAM callers are refused).
 * A deny for signed requests from other accounts keeps that so; unsigned callers (JWT, Lambda
 * authorizers, public methods) carry no principal account and are not affected.
 *
 * @param account the API's account
 */
export function restResourcePolicy(options: RestResourcePolicyOptions, account: string): iam.PolicyDocument {
  const invoke = { principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] };
  const statements = [
    new iam.PolicyStatement({ sid: 'AllowInvoke', ...invoke }),
    new iam.PolicyStatement({
      sid: 'DenySignedCallsFromOtherAccounts',
      effect: iam.Effect.DENY,
      ...invoke,
      conditions: { Null: { 'aws:PrincipalAccount': 'false' }, StringNotEquals: { 'aws:PrincipalAccount': account } },
    }),
  ];
  if (options.allowSourceIps) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOtherSourceIps',
      effect: iam.Effect.DENY,
      ...invoke,
      conditions: { NotIpAddress: { 'aws:SourceIp': options.allowSourceIps } },
    }));
  }
  if (options.denySourceIps) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyListedSourceIps',
      effect: iam.Effect.DENY,
      ...invoke,
      conditions: { IpAddress: { 'aws:SourceIp': options.denySourceIps } },
    }));
  }
  if (options.allowVpcEndpoints) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOtherVpcEndpoints',
      effect: iam.Effect.DENY,
      ...invoke,
      conditions: { StringNotEquals: { 'aws:SourceVpce': options.allowVpcEndpoints } },
    }));
  }
  return new iam.PolicyDocument({ statements });
}

/** A PRIVATE API needs its VPC endpoints (its resource policy admits only them); no other type takes any. */
export function checkRestEndpoint(owner: IConstruct, endpointType: EndpointType, vpcEndpoints: ec2.IInterfaceVpcEndpoint[] | undefined): void {
  const isPrivate = endpointType === EndpointType.PRIVATE;
  if (isPrivate && (vpcEndpoints ?? []).length === 0) {
    invalidProp(owner, 'vpcEndpoints', vpcEndpoints, 'a PRIVATE API is reached only through interface VPC endpoints, and its resource policy admits only them',
      'pass the execute-api interface endpoints: vpcEndpoints: [endpoint]');
  }
  if (!isPrivate && vpcEndpoints !== undefined) {
    invalidProp(owner, 'vpcEndpoints', vpcEndpoints.map((e) => e.node.path), `only a PRIVATE API is reached through VPC endpoints (endpointType is ${endpointType})`,
      'set endpointType: EndpointType.PRIVATE, or remove vpcEndpoints (use resourcePolicy.allowVpcEndpoints to restrict a public API)');
  }
}
