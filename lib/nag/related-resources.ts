import { placeholders, referencedLogicalId, renderTemplate, soloPlaceholder } from './intrinsics';
import { ParameterValue, ResourceView, StackView } from './resource-view';

/**
 * Looking across a template from one resource to the resources it relates to:
 * route → API and authorizer, API ← custom-domain mappings, stage ← WAF
 * association, stage → access-log group.
 *
 * Every lookup says whether the related resource was found, is absent (the
 * property is not set), or is unresolved (set, but to something outside this
 * template: an imported id, a parameter, an unrecognised intrinsic).
 */
export type Lookup =
  | { readonly kind: 'found'; readonly resource: ResourceView }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unresolved' };

const ABSENT: Lookup = { kind: 'absent' };
const UNRESOLVED: Lookup = { kind: 'unresolved' };

/**
 * Follow a property written as `{ Ref }` / `{ Fn::GetAtt }` to the resource of
 * `type` in `stack`.
 */
export function followReference(stack: StackView, value: unknown, type: string): Lookup {
  if (value === undefined || value === null) return ABSENT;
  const resource = referencedResource(stack, value);
  return resource !== undefined && resource.type === type ? { kind: 'found', resource } : UNRESOLVED;
}

/**
 * The resource a `{ Ref }` / `{ Fn::GetAtt }` names, across nested stacks: a parameter of a nested
 * stack is followed to what its parent passes (routes in route stacks name their API this way), and
 * an output of a nested stack (`Fn::GetAtt [Stack, Outputs.X]`) to what the nested template outputs.
 * Undefined when the value names nothing that can be found.
 */
export function referencedResource(stack: StackView, value: unknown): ResourceView | undefined {
  const followed = throughStacks(stack, value);
  const logicalId = referencedLogicalId(followed.value);
  return logicalId === undefined ? undefined : followed.stack.byId(logicalId);
}

/**
 * A value with nested-stack parameters and outputs followed to where it is written, e.g. a route's
 * `{ Ref: referencetoApiRef }` → `{ Ref: Api }` in the parent. Other values are returned as they are.
 */
export function throughStacks(stack: StackView, value: unknown): { readonly stack: StackView; readonly value: unknown } {
  for (let hops = 0; hops < 32; hops++) {
    const logicalId = referencedLogicalId(value);
    if (logicalId === undefined) break;
    const resource = stack.byId(logicalId);
    let next: ParameterValue | undefined;
    if (resource === undefined) {
      next = stack.parameter?.(logicalId);
    } else if (resource.type === 'AWS::CloudFormation::Stack') {
      const output = /^Outputs\.(.+)$/.exec(getAttAttribute(value) ?? '');
      next = output ? stack.nestedOutput?.(logicalId, output[1]) : undefined;
    }
    if (next === undefined) break;
    stack = next.stack;
    value = next.value;
  }
  return { stack, value };
}

function getAttAttribute(value: unknown): string | undefined {
  const getAtt = (value as Record<string, unknown> | null)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string') return getAtt[1];
  if (typeof getAtt === 'string' && getAtt.includes('.')) return getAtt.slice(getAtt.indexOf('.') + 1);
  return undefined;
}

/** The `AWS::ApiGatewayV2::Api` a v2 resource (route, stage, authorizer) belongs to. */
export function v2ApiOf(resource: ResourceView): Lookup {
  return followReference(resource.stack, resource.properties.ApiId, 'AWS::ApiGatewayV2::Api');
}

/** The `AWS::ApiGatewayV2::Authorizer` an HTTP or WebSocket route uses. */
export function v2AuthorizerOf(route: ResourceView): Lookup {
  return followReference(route.stack, route.properties.AuthorizerId, 'AWS::ApiGatewayV2::Authorizer');
}

const MAPPING_API_PROPERTY: Record<string, string> = {
  'AWS::ApiGateway::BasePathMapping': 'RestApiId',
  'AWS::ApiGateway::BasePathMappingV2': 'RestApiId',
  'AWS::ApiGatewayV2::ApiMapping': 'ApiId',
};

/** The resource types that are an API (REST, or HTTP/WebSocket). */
export const API_RESOURCE_TYPES: ReadonlySet<string> = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api']);

/** The property of a mapping resource that names the API it maps. */
export function mappingApiProperty(type: string): string | undefined {
  return MAPPING_API_PROPERTY[type];
}

/** Logical ids of the APIs in `stack` that a custom-domain mapping points at. */
export function apisMappedToCustomDomains(stack: StackView): ReadonlySet<string> {
  return stack.memo('apisMappedToCustomDomains', (index) => {
    const mapped = new Set<string>();
    for (const [type, property] of Object.entries(MAPPING_API_PROPERTY)) {
      for (const mapping of index.ofType(type)) {
        const logicalId = referencedLogicalId(mapping.properties[property]);
        if (logicalId !== undefined) mapped.add(logicalId);
      }
    }
    return mapped;
  });
}

/**
 * The `ResourceArn`s of every `AWS::WAFv2::WebACLAssociation` in `stack`,
 * rendered in `Fn::Sub` syntax; `undefined` entries could not be rendered.
 */
export function webAclAssociationTargets(stack: StackView): ReadonlyArray<string | undefined> {
  return stack.memo('webAclAssociationTargets', (index) =>
    index.ofType('AWS::WAFv2::WebACLAssociation').map((association) => renderTemplate(association.properties.ResourceArn)),
  );
}

/**
 * The `AWS::Logs::LogGroup` of `stack` an access-log `DestinationArn` points at: either
 * `Fn::GetAtt [LogGroup, Arn]` or an ARN built around `log-group:${LogGroup}`.
 */
export function logGroupOfDestination(stack: StackView, destinationArn: unknown): Lookup {
  if (destinationArn === undefined || destinationArn === null) return ABSENT;
  const template = renderTemplate(destinationArn);
  if (template === undefined) return UNRESOLVED;
  const solo = soloPlaceholder(template);
  if (solo !== undefined) {
    return solo.attribute === 'Arn' ? followReference(stack, { Ref: solo.name }, 'AWS::Logs::LogGroup') : UNRESOLVED;
  }
  const byName = /:log-group:(\$\{[^}]+\})(:\*)?$/.exec(template);
  if (byName) {
    const [named] = placeholders(byName[1]);
    if (named !== undefined && named.attribute === undefined) {
      return followReference(stack, { Ref: named.name }, 'AWS::Logs::LogGroup');
    }
  }
  return UNRESOLVED;
}
