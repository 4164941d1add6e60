import { CfnResource } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { isMultiLevel, mappingPathProblem } from './domain-name-rules';
import { DomainProtocol } from './domain-protocol';
import { ApiKind, apiKindName } from '../common/api-kind';
import { ISecureApi } from '../common/secure-api';
import { invalidProp, isUnresolved } from '../common/validation';

/** What a mapping of an API to a custom domain is checked against: the domain and what it maps so far. */
export interface DomainMappingContext {
  readonly protocol: DomainProtocol;
  readonly endpointType: apigateway.EndpointType;
  /** The base paths mapped so far, `''` for the root. */
  readonly paths: ReadonlySet<string>;
}

/** Refuses an API the domain cannot serve: a WebSocket API on an HTTPS domain and the reverse, an HTTP API on an edge domain. */
export function checkMappingKind(scope: Construct, domain: DomainMappingContext, api: ISecureApi): void {
  const kind = api.apiKind;
  if (domain.protocol === DomainProtocol.HTTPS && kind === ApiKind.WEBSOCKET) {
    invalidProp(scope, 'api', api.node.path, 'is a WebSocket API, which API Gateway does not map to a domain serving REST or HTTP APIs', 'map it to a GatewayDomain with protocol: DomainProtocol.WEBSOCKET');
  }
  if (domain.protocol === DomainProtocol.WEBSOCKET && kind !== ApiKind.WEBSOCKET) {
    invalidProp(scope, 'api', api.node.path, `is a ${apiKindName(kind)}, which API Gateway does not map to a WebSocket domain`, 'map it to a GatewayDomain with protocol: DomainProtocol.HTTPS (the default)');
  }
  if (kind === ApiKind.HTTP && domain.endpointType === apigateway.EndpointType.EDGE) {
    invalidProp(scope, 'api', api.node.path, 'is an HTTP API, which API Gateway maps to Regional domains only', 'map it to a Regional GatewayDomain (leave endpointType out)');
  }
}

/** Refuses a base path API Gateway would not accept, or one (or the root) the domain already maps. */
export function checkMappingPath(scope: Construct, domain: DomainMappingContext, basePath: string | undefined): void {
  if (basePath === undefined) {
    if (domain.paths.has('')) invalidProp(scope, 'basePath', basePath, 'the root of the domain is already mapped', 'give this API a basePath');
    return;
  }
  if (isUnresolved(basePath)) return;
  const problem = mappingPathProblem(basePath);
  if (problem) invalidProp(scope, 'basePath', basePath, problem, 'give a path such as orders or orders/v1');
  if (domain.paths.has(basePath)) invalidProp(scope, 'basePath', basePath, 'is already mapped on this domain', 'give each API its own basePath');
  if (isMultiLevel(basePath) && domain.endpointType === apigateway.EndpointType.EDGE) {
    invalidProp(scope, 'basePath', basePath, 'multi-level paths need a Regional domain', 'use a one-level path, or a Regional domain');
  }
}

/**
 * The mapping of an API's stage to the domain, a child of the domain: `AWS::ApiGateway::BasePathMapping`
 * for a REST API at the root or a one-level path, `AWS::ApiGatewayV2::ApiMapping` otherwise.
 *
 * @param index how many mappings the domain has so far (names a mapping whose path is a token)
 */
export function createDomainMapping(domain: Construct, domainResource: CfnResource, api: ISecureApi, basePath: string | undefined,
  index: number): CfnResource {
  // Unique within the domain: a path is mapped once, and so is the root.
  const path = basePath === undefined ? '(root)' : isUnresolved(basePath) ? `token${index}` : basePath.replace(/\//g, '|');
  const id = `Mapping-${api.node.id}-${path}`;
  const mapping = api.apiKind === ApiKind.REST && !isMultiLevel(basePath)
    ? new apigateway.CfnBasePathMapping(domain, id, {
      domainName: domainResource.ref,
      restApiId: api.apiId,
      stage: api.stageName,
      basePath,
    })
    : new apigatewayv2.CfnApiMapping(domain, id, {
      domainName: domainResource.ref,
      apiId: api.apiId,
      stage: api.stageName,
      apiMappingKey: basePath,
    });
  // The stage is named, not referenced: it must exist before the mapping.
  mapping.node.addDependency(api);
  return mapping;
}
