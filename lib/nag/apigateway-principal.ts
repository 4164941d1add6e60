import { isPseudoParameter, placeholders, renderTemplate } from './intrinsics';

/**
 * Whether a Lambda permission's `Principal` is API Gateway (`apigateway.amazonaws.com`, possibly
 * with `${AWS::URLSuffix}` or the China suffix), another principal, or a value that cannot be read.
 */
export function apiGatewayPrincipalKind(principal: unknown): 'apigateway' | 'other' | 'unresolved' {
  const template = renderTemplate(principal);
  if (template === undefined) return 'unresolved';
  if (/^apigateway\.(amazonaws\.com(\.cn)?|\$\{AWS::URLSuffix\})$/.test(template)) return 'apigateway';
  const references = placeholders(template).filter((placeholder) => !isPseudoParameter(placeholder));
  return references.length > 0 ? 'unresolved' : 'other';
}
