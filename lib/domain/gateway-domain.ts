import { Annotations, Arn, ArnFormat, CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { CertificateExpiryAlarm, checkExpiryThreshold } from './certificate-expiry-alarm';
import { checkMappingKind, checkMappingPath, createDomainMapping, DomainMappingContext } from './domain-mapping';
import { domainNameProblem, isInZone, isMultiLevel } from './domain-name-rules';
import { DomainProtocol } from './domain-protocol';
import {
  BASIC_ENDPOINT_ACCESS, checkBasicEndpointAccessReason, checkLegacyTlsReason, defaultSecurityPolicy, DomainTlsContext, isEnhancedPolicy,
  legacyTlsWeakening, securityPolicyProblem,
} from './domain-tls-policy';
import { DomainMappingOptions, GatewayDomainProps } from './gateway-domain-props';
import { ApiKind, apiKindName } from '../common/api-kind';
import { reasonProblem } from '../common/reason-policy';
import { ISecureApi } from '../common/secure-api';
import { collectPropErrors, deferPropChecks, invalidProp, isUnresolved, requireArgument, throwPropErrors } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';

/** Metadata key recorded on a domain that accepts TLS 1.0 (`securityPolicy: TLS_1_0` with `legacyTlsReason`). */
export const LEGACY_TLS_METADATA_KEY = 'Portcullis::LegacyTls';

/**
 * The id of the synth warning a domain gives when an HTTP API and a REST API share it, so that its
 * policy is `TLS_1_2` instead of TLS 1.3 only; acknowledge it with
 * `Annotations.of(domain).acknowledgeWarning(SHARED_DOMAIN_TLS_WARNING, reason)`.
 */
export const SHARED_DOMAIN_TLS_WARNING = 'cdk-portcullis:sharedDomainTls12';

/** The Portcullis rule that reports custom domains accepting TLS below 1.2. */
export const DOMAIN_TLS_RULE = 'Portcullis-DomainTlsPolicy';

const LEGACY_TLS = legacyTlsWeakening(DOMAIN_TLS_RULE);

const EXPIRY_ALARM_OFF: Weakening = {
  setting: 'expiryAlarm: false',
  reasonProp: 'expiryAlarmOffReason',
  consequence: 'nothing warns before the certificate expires and clients start refusing the domain',
  rules: [],
};

// What a domain and its mappings declare is in gateway-domain-props.ts; exported here too, as before the split.
export type { DomainMappingOptions, GatewayDomainProps, MutualTlsOptions } from './gateway-domain-props';

/**
 * A custom domain in front of Portcullis APIs (`ISecureApi`: SecureHttpApi, SecureRestApi,
 * SecureWebSocketApi), several APIs sharing it under base paths.
 *
 * - an ACM certificate validated by DNS in the hosted zone (or your certificate), a dual-stack
 *   domain and alias A and AAAA records (A only on an IPv4-only domain);
 * - Regional by default; the certificate's Region is checked against the endpoint type;
 * - the strongest TLS policy the APIs on it accept (TLS 1.3 only for REST); TLS 1.0 only with a reason;
 *   a synth warning when an HTTP API pulls a REST API's domain down to TLS 1.2;
 * - optional mutual TLS with a truststore in S3;
 * - every API it maps has its default `execute-api` endpoint turned off, unless kept with a reason;
 * - an alarm on the certificate's days to expiry.
 *
 * REST APIs are mapped with `AWS::ApiGateway::BasePathMapping` (one-level paths and the root) or
 * `AWS::ApiGatewayV2::ApiMapping` (multi-level paths); HTTP and WebSocket APIs with
 * `AWS::ApiGatewayV2::ApiMapping`.
 */
export class GatewayDomain extends Construct {
  /** The custom domain name. */
  public readonly domainName: string;
  /** `https://<domain>` or `wss://<domain>`. */
  public readonly url: string;
  /** What the domain serves. */
  public readonly protocol: DomainProtocol;
  /** The endpoint type. */
  public readonly endpointType: apigateway.EndpointType;
  /** The domain's certificate. */
  public readonly certificate: acm.ICertificate;
  /** The domain resource: `AWS::ApiGateway::DomainName` (HTTPS) or `AWS::ApiGatewayV2::DomainName` (WebSocket). */
  public readonly resource: CfnResource;
  /** The DNS name that alias records point at (Regional endpoint or CloudFront distribution). */
  public readonly aliasTargetDomainName: string;
  /** The Route 53 hosted zone id of `aliasTargetDomainName`. */
  public readonly aliasTargetHostedZoneId: string;
  /** The alias records (A, then AAAA on a dual-stack domain), when a hosted zone was given. */
  public readonly records: route53.RecordSet[] = [];
  /** The certificate's expiry alarm, unless turned off. */
  public readonly expiryAlarm?: CertificateExpiryAlarm;
  /** The API mappings, in the order of `addApi`. */
  public readonly mappings: CfnResource[] = [];
  /** Which IP versions clients reach the domain over. */
  public readonly ipAddressType: apigateway.IpAddressType;

  private readonly props: GatewayDomainProps;
  private readonly kinds = new Set<ApiKind>();
  private readonly apisByKind = new Map<ApiKind, string[]>();
  private readonly paths = new Set<string>();
  private multiLevel = false;

  constructor(scope: Construct, id: string, props: GatewayDomainProps) {
    super(scope, id);
    this.props = props;
    this.domainName = props.domainName;
    this.protocol = props.protocol ?? DomainProtocol.HTTPS;
    this.endpointType = props.endpointType ?? apigateway.EndpointType.REGIONAL;
    this.url = `${this.protocol === DomainProtocol.WEBSOCKET ? 'wss' : 'https'}://${props.domainName}`;
    this.ipAddressType = props.ipAddressType ?? apigateway.IpAddressType.DUAL_STACK;

    if (!props.certificate && !props.hostedZone) {
      invalidProp(this, 'hostedZone', undefined, 'is needed to validate a new certificate by DNS', 'give the domain\'s hostedZone (HostedZone.fromHostedZoneAttributes), or an existing certificate');
    }
    // Reported under the prop the user set, not as the inner alarm's `thresholdDays`.
    const thresholdErrors = collectPropErrors([() => checkExpiryThreshold(this, 'expiryAlarmThresholdDays', props.expiryAlarmThresholdDays)]);
    deferPropChecks(this, [
      () => this.checkDomainName(),
      () => this.checkEndpoint(),
      () => checkLegacyTlsReason(this, props.securityPolicy, props.legacyTlsReason, DOMAIN_TLS_RULE),
      () => checkBasicEndpointAccessReason(this, props.endpointAccessMode, props.basicEndpointAccessReason),
      () => {
        const off = props.expiryAlarm === false;
        if (off) checkWeakeningReason(this, EXPIRY_ALARM_OFF, props.expiryAlarmOffReason, 'Certificate expiry watched by the platform team\'s AWS Config rule acm-certificate-expiration-check');
        checkReasonUnused(this, 'expiryAlarmOffReason', props.expiryAlarmOffReason, off, 'expiryAlarm: false');
      },
      () => this.checkCertificateRegion(),
      () => { if (thresholdErrors.length > 0) throw thresholdErrors[0]; },
    ]);
    // The policy depends on the APIs mapped later: checked when the app is synthesized.
    this.node.addValidation({ validate: () => this.policyErrors() });
    this.node.addValidation({ validate: () => this.warnSharedDomainTls() });

    this.certificate = props.certificate ?? new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(props.hostedZone),
    });

    if (this.protocol === DomainProtocol.WEBSOCKET) {
      const domain = new apigatewayv2.CfnDomainName(this, 'Resource', {
        domainName: props.domainName,
        domainNameConfigurations: [{
          certificateArn: this.certificate.certificateArn,
          endpointType: 'REGIONAL',
          ipAddressType: this.ipAddressType,
          securityPolicy: Lazy.string({ produce: () => this.securityPolicy }),
        }],
      });
      this.resource = domain;
      this.aliasTargetDomainName = domain.attrRegionalDomainName;
      this.aliasTargetHostedZoneId = domain.attrRegionalHostedZoneId;
    } else {
      const edge = this.endpointType === apigateway.EndpointType.EDGE;
      const truststore = props.mutualTls?.truststore;
      const domain = new apigateway.CfnDomainName(this, 'Resource', {
        domainName: props.domainName,
        endpointConfiguration: { types: [this.endpointType], ipAddressType: this.ipAddressType },
        certificateArn: edge ? this.certificate.certificateArn : undefined,
        regionalCertificateArn: edge ? undefined : this.certificate.certificateArn,
        securityPolicy: Lazy.string({ produce: () => this.securityPolicy }),
        endpointAccessMode: Lazy.string({
          produce: () => (isEnhancedPolicy(this.securityPolicy)
            ? props.endpointAccessMode ?? apigateway.EndpointAccessMode.STRICT
            : undefined),
        }),
        mutualTlsAuthentication: truststore
          ? { truststoreUri: `s3://${truststore.bucket.bucketName}/${truststore.key}`, truststoreVersion: truststore.version }
          : undefined,
        ownershipVerificationCertificateArn: props.mutualTls?.ownershipVerificationCertificate?.certificateArn,
      });
      // API Gateway reads the truststore when the domain is created: a truststore uploaded by this app comes first.
      if (truststore && Construct.isConstruct(truststore)) domain.node.addDependency(truststore);
      this.resource = domain;
      this.aliasTargetDomainName = edge ? domain.attrDistributionDomainName : domain.attrRegionalDomainName;
      this.aliasTargetHostedZoneId = edge ? domain.attrDistributionHostedZoneId : domain.attrRegionalHostedZoneId;
    }

    if (props.securityPolicy === apigateway.SecurityPolicy.TLS_1_0 && props.legacyTlsReason !== undefined) {
      this.resource.addMetadata(LEGACY_TLS_METADATA_KEY, {
        securityPolicy: apigateway.SecurityPolicy.TLS_1_0,
        reason: props.legacyTlsReason,
        consequence: LEGACY_TLS.consequence,
      });
      recordWeakening(this.resource, LEGACY_TLS, props.legacyTlsReason);
    }

    if (props.endpointAccessMode === apigateway.EndpointAccessMode.BASIC && reasonProblem(props.basicEndpointAccessReason) === undefined) {
      recordWeakening(this.resource, BASIC_ENDPOINT_ACCESS, props.basicEndpointAccessReason!);
    }

    if (props.hostedZone) {
      // Regional endpoint or CloudFront distribution: an alias to a name and its hosted zone either way.
      const alias = new targets.ApiGatewayv2DomainProperties(this.aliasTargetDomainName, this.aliasTargetHostedZoneId);
      const target = route53.RecordTarget.fromAlias(alias);
      this.records.push(new route53.ARecord(this, 'AliasA', { zone: props.hostedZone, recordName: props.domainName, target }));
      // An AAAA alias resolves only to a dual-stack domain name.
      if (this.ipAddressType === apigateway.IpAddressType.DUAL_STACK) {
        this.records.push(new route53.AaaaRecord(this, 'AliasAAAA', { zone: props.hostedZone, recordName: props.domainName, target }));
      }
    }

    if (props.expiryAlarm === false && reasonProblem(props.expiryAlarmOffReason) === undefined) {
      recordWeakening(this.resource, EXPIRY_ALARM_OFF, props.expiryAlarmOffReason!);
    }
    if (props.expiryAlarm ?? true) {
      this.expiryAlarm = new CertificateExpiryAlarm(this, 'CertificateExpiry', {
        certificate: this.certificate,
        // A bad value is reported above; the alarm then keeps its default, so it is not reported twice.
        thresholdDays: thresholdErrors.length === 0 ? props.expiryAlarmThresholdDays : undefined,
        topic: props.alarmTopic,
      });
    }
  }

  /**
   * The security policy the domain has with the APIs mapped so far: `securityPolicy`, or the strongest
   * one they all accept.
   */
  public get securityPolicy(): apigateway.SecurityPolicy {
    return this.props.securityPolicy ?? defaultSecurityPolicy(this.tlsContext());
  }

  /**
   * Maps an API's stage to the domain, at `basePath` or at the root, and turns the API's default
   * `execute-api` endpoint off (unless `keepExecuteApiEndpointReason` keeps it on).
   *
   * @returns the mapping resource (`AWS::ApiGateway::BasePathMapping` or `AWS::ApiGatewayV2::ApiMapping`)
   */
  public addApi(api: ISecureApi, options: DomainMappingOptions = {}): CfnResource {
    requireArgument(this, 'addApi(api)', api, 'pass the SecureHttpApi, SecureRestApi or SecureWebSocketApi to map');
    options = options ?? {};
    const basePath = options.basePath;
    const mapped: DomainMappingContext = { protocol: this.protocol, endpointType: this.endpointType, paths: this.paths };
    throwPropErrors([
      () => checkMappingKind(this, mapped, api),
      () => checkMappingPath(this, mapped, basePath),
    ]);
    api.serveThroughCustomDomain(options.keepExecuteApiEndpointReason);
    this.kinds.add(api.apiKind);
    this.apisByKind.set(api.apiKind, [...(this.apisByKind.get(api.apiKind) ?? []), api.node.path]);
    if (basePath !== undefined && !isUnresolved(basePath)) {
      this.paths.add(basePath);
      this.multiLevel ||= isMultiLevel(basePath);
    } else if (basePath === undefined) {
      this.paths.add('');
    }

    const mapping = createDomainMapping(this, this.resource, api, basePath, this.mappings.length);
    this.mappings.push(mapping);
    return mapping;
  }

  private tlsContext(): DomainTlsContext {
    return {
      protocol: this.protocol,
      endpointType: this.endpointType,
      kinds: this.kinds,
      mutualTls: this.props.mutualTls !== undefined,
      multiLevel: this.multiLevel,
    };
  }

  /**
   * API Gateway maps no HTTP API to a domain with an enhanced policy, so a domain serving REST and
   * HTTP APIs is `TLS_1_2`, where a REST-only domain would accept TLS 1.3 only: said aloud, once.
   */
  private warnSharedDomainTls(): string[] {
    const rest = this.apisByKind.get(ApiKind.REST) ?? [];
    const http = this.apisByKind.get(ApiKind.HTTP) ?? [];
    if (this.props.securityPolicy === undefined && !this.props.mutualTls && rest.length > 0 && http.length > 0) {
      Annotations.of(this).addWarningV2(SHARED_DOMAIN_TLS_WARNING,
        `The HTTP API ${http.join(', ')} shares this domain with the REST API ${rest.join(', ')}: API Gateway maps no HTTP API to a domain with a TLS 1.3 (SecurityPolicy_*) policy, `
        + 'so the domain accepts TLS 1.2 (TLS_1_2) instead of TLS 1.3 only. To keep TLS 1.3 for the REST API, serve it and the HTTP API from two GatewayDomains (e.g. api.example.com and rest.example.com).');
    }
    return [];
  }

  private policyErrors(): string[] {
    const policy = this.props.securityPolicy;
    if (policy === undefined) return [];
    const found = securityPolicyProblem(policy, this.tlsContext());
    if (found === undefined) return [];
    const mapped = [...this.kinds].map(apiKindName).join(', ') || 'no API';
    return [`prop 'securityPolicy' = "${policy}": ${found.problem} (this ${this.endpointType} ${this.protocol} domain maps ${mapped}${this.props.mutualTls ? ', with mutual TLS' : ''}). Fix: ${found.fix}`];
  }

  private checkDomainName(): void {
    const name = this.props.domainName;
    if (isUnresolved(name)) return;
    const problem = domainNameProblem(name);
    if (problem) invalidProp(this, 'domainName', name, problem, 'give a lower-case DNS name such as api.example.com');
    const zoneName = this.props.hostedZone?.zoneName;
    if (zoneName !== undefined && !Token.isUnresolved(zoneName) && !isInZone(name, zoneName)) {
      invalidProp(this, 'domainName', name, `is not in the hosted zone ${zoneName}`, `use a name ending in .${zoneName.replace(/\.$/, '')}, or the hosted zone of the domain`);
    }
  }

  private checkEndpoint(): void {
    const type = this.endpointType;
    if (type !== apigateway.EndpointType.REGIONAL && type !== apigateway.EndpointType.EDGE) {
      invalidProp(this, 'endpointType', type, 'must be REGIONAL or EDGE (private APIs use private custom domain names)', 'leave endpointType out for a Regional domain');
    }
    if (type === apigateway.EndpointType.EDGE && this.protocol === DomainProtocol.WEBSOCKET) {
      invalidProp(this, 'endpointType', type, 'WebSocket custom domains are Regional only', 'leave endpointType out');
    }
    if (this.props.mutualTls && this.protocol === DomainProtocol.WEBSOCKET) {
      invalidProp(this, 'mutualTls', '{...}', 'API Gateway offers mutual TLS for REST and HTTP APIs only', 'authenticate WebSocket clients in the $connect authorizer instead');
    }
    if (this.props.mutualTls && type === apigateway.EndpointType.EDGE) {
      invalidProp(this, 'mutualTls', '{...}', 'mutual TLS needs a Regional domain', 'leave endpointType out (Regional), and put CloudFront in front yourself if you need it');
    }
  }

  private checkCertificateRegion(): void {
    // Created certificates are in the stack's Region; imported ones carry theirs in the ARN.
    const certificate = this.props.certificate;
    if (certificate && isUnresolved(certificate.certificateArn)) return;
    const certificateRegion = certificate ? Arn.split(certificate.certificateArn, ArnFormat.SLASH_RESOURCE_NAME).region : Stack.of(this).region;
    if (isUnresolved(certificateRegion)) return;
    const shown = certificate ? certificate.certificateArn : undefined;
    if (this.endpointType === apigateway.EndpointType.EDGE) {
      if (certificateRegion !== 'us-east-1') {
        invalidProp(this, 'certificate', shown, `is in ${certificateRegion}, but an edge-optimized domain needs a certificate in us-east-1 (CloudFront)`,
          certificate
            ? 'import a certificate issued in us-east-1, or leave endpointType out for a Regional domain'
            : 'give a certificate issued in us-east-1 (e.g. from a us-east-1 stack with crossRegionReferences), or leave endpointType out for a Regional domain');
      }
      return;
    }
    const stackRegion = Stack.of(this).region;
    if (!isUnresolved(stackRegion) && certificateRegion !== stackRegion) {
      invalidProp(this, 'certificate', shown, `is in ${certificateRegion}, but a Regional domain needs a certificate in its own Region (${stackRegion})`,
        `issue or import the certificate in ${stackRegion}, or leave certificate out to create one`);
    }
  }
}
