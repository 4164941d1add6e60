import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DomainProtocol } from './domain-protocol';
import { IMtlsTruststore } from './mtls-truststore';

/** Mutual TLS on a custom domain: clients present a certificate that chains to the truststore. */
export interface MutualTlsOptions {
  /** The truststore: a `MtlsTruststore`, or `MtlsTruststore.fromBucket(bucket, key)`. */
  readonly truststore: IMtlsTruststore;

  /**
   * An ACM-issued certificate for the domain that proves you own it, which API Gateway requires when
   * the domain's certificate is imported into ACM or issued by AWS Private CA.
   *
   * @default - none: the domain's certificate is issued by ACM
   */
  readonly ownershipVerificationCertificate?: acm.ICertificate;
}

/** Props of `GatewayDomain`. */
export interface GatewayDomainProps {
  /**
   * The custom domain name, e.g. `api.example.com` or `*.example.com`: lower case, at most 253
   * characters.
   */
  readonly domainName: string;

  /**
   * The Route 53 hosted zone of the domain (import it with `HostedZone.fromHostedZoneAttributes`: no
   * lookups). The certificate is validated by DNS in it, and alias records for the domain are created
   * in it: A, and AAAA when the domain is dual-stack.
   *
   * @default - no DNS records: `certificate` must be given and you point the name at the domain yourself
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The domain's TLS certificate. It must be in the stack's Region for a Regional domain, in
   * us-east-1 for an edge-optimized one.
   *
   * @default - a new ACM certificate for `domainName`, validated by DNS in `hostedZone`
   */
  readonly certificate?: acm.ICertificate;

  /**
   * What the domain serves: REST and HTTP APIs (`https://`), or WebSocket APIs (`wss://`). API
   * Gateway never mixes the two on one domain.
   *
   * @default DomainProtocol.HTTPS
   */
  readonly protocol?: DomainProtocol;

  /**
   * Regional, or edge-optimized (through a CloudFront distribution API Gateway manages, REST APIs
   * only, certificate in us-east-1). Private APIs use private custom domains, which this construct
   * does not create.
   *
   * @default EndpointType.REGIONAL
   */
  readonly endpointType?: apigateway.EndpointType;

  /**
   * The TLS security policy: which TLS versions and cipher suites the domain accepts. `TLS_1_0` needs
   * `legacyTlsReason`.
   *
   * @default - the strongest policy every API on the domain accepts: TLS 1.3 only
   * (`SecurityPolicy_TLS13_1_3_2025_09`, edge: `SecurityPolicy_TLS13_2025_EDGE`) while only REST
   * APIs are mapped and mutual TLS is off; `TLS_1_2` once an HTTP API is mapped, with mutual TLS,
   * and on WebSocket domains
   */
  readonly securityPolicy?: apigateway.SecurityPolicy;

  /**
   * Endpoint access mode of an enhanced (`SecurityPolicy_*`) policy. STRICT only accepts requests that
   * arrive through the domain's own endpoint type and whose TLS SNI matches the host. Ignored with the
   * legacy policies (`TLS_1_2`, `TLS_1_0`). `BASIC` needs `basicEndpointAccessReason`.
   *
   * @default EndpointAccessMode.STRICT
   */
  readonly endpointAccessMode?: apigateway.EndpointAccessMode;

  /**
   * Why the domain answers in `BASIC` endpoint access mode (at least 10 characters), e.g. the callers
   * that reach it through another endpoint type or with a TLS SNI other than its name, and until when.
   * Required with `endpointAccessMode: EndpointAccessMode.BASIC`; recorded on the domain
   * (`Portcullis::Weakenings`).
   *
   * @default - BASIC is refused
   */
  readonly basicEndpointAccessReason?: string;

  /**
   * Which IP versions clients reach the domain over. Dual-stack domains answer IPv4 and IPv6, and get
   * an alias AAAA record beside the A record; an IPv4-only domain gets no AAAA record (an AAAA alias to
   * it would resolve to nothing). A domain's IP address type is independent of its APIs'.
   *
   * @default IpAddressType.DUAL_STACK
   */
  readonly ipAddressType?: apigateway.IpAddressType;

  /**
   * Why the domain must accept TLS 1.0 and 1.1 (at least 10 characters), e.g. the clients that cannot
   * speak TLS 1.2 and until when. Required with `securityPolicy: SecurityPolicy.TLS_1_0`; recorded on
   * the domain (metadata `Portcullis::LegacyTls`) and acknowledges `Portcullis-DomainTlsPolicy` there.
   *
   * @default - TLS 1.0 is refused
   */
  readonly legacyTlsReason?: string;

  /**
   * Mutual TLS: every client presents a certificate issued by a CA in the truststore. Regional
   * REST and HTTP domains only; the policy is then `TLS_1_2` (API Gateway offers no mutual TLS with
   * the enhanced policies).
   *
   * @default - no mutual TLS
   */
  readonly mutualTls?: MutualTlsOptions;

  /**
   * A CloudWatch alarm on the certificate's days to expiry. For an imported certificate it is the
   * reminder to re-import; for one ACM issued, ACM renews it from 60 days before expiry, so an alarm
   * means the renewal is stuck (e.g. the DNS validation record was removed).
   *
   * `false` is a weakening: it needs `expiryAlarmOffReason`.
   *
   * @default true
   */
  readonly expiryAlarm?: boolean;

  /**
   * Why `expiryAlarm` is `false` (at least 10 characters, see the README's "Weakenings"), e.g. the
   * certificate's expiry is watched elsewhere. Recorded on the domain (metadata `Portcullis::Weakenings`).
   *
   * @default - `expiryAlarm: false` is refused
   */
  readonly expiryAlarmOffReason?: string;

  /**
   * Days to expiry below which the expiry alarm goes off.
   *
   * @default 45
   */
  readonly expiryAlarmThresholdDays?: number;

  /**
   * Topic notified when the expiry alarm goes off and clears.
   *
   * @default - no notification
   */
  readonly alarmTopic?: sns.ITopic;
}

/** Options of `GatewayDomain.addApi`. */
export interface DomainMappingOptions {
  /**
   * The path after the domain that leads to the API, e.g. `orders` or `orders/v1` (several levels:
   * Regional domains with TLS 1.2 or higher). API Gateway strips it before the API sees the request.
   *
   * @default - the root of the domain
   */
  readonly basePath?: string;

  /**
   * Keeps the API's default `execute-api` endpoint on, for a stated reason (at least 10 characters),
   * e.g. a migration window and its end. Clients can then bypass the domain's TLS policy, mutual TLS
   * and any WAF or CDN in front of it. Recorded on the API (metadata `Portcullis::ExecuteApiEndpointKept`).
   *
   * @default - the default endpoint is turned off
   */
  readonly keepExecuteApiEndpointReason?: string;
}
