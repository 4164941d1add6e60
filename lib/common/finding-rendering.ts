import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How cdk-nag writes a value in a granular finding id (`AwsSolutions-IAM5[Resource::…]`,
 * `AwsSolutions-IAM4[Policy::…]`): the value resolved in its stack, then flattened: `Ref` becomes
 * `<Id>`, `Fn::GetAtt` `<Id.Attribute>`, `Fn::Join` its joined parts, `Fn::Sub`'s `${X}` `<X>`,
 * `Fn::ImportValue` its name; anything else its JSON.
 *
 * Resolving in the stack is what makes an acknowledgement match in every app: under
 * `@aws-cdk/core:enablePartitionLiterals` with an explicit environment the partition resolves to
 * `aws` and the pack writes `arn:aws:…`; without it, `arn:<AWS::Partition>:…`. An id spelled by
 * hand matches only one of them.
 *
 * The flattening is cdk-nag's (`flattenCfnReference` in cdk-nag's `utils`, not exported from its
 * package); test/common/finding-rendering.test.ts holds the two to the same output.
 *
 * @param scope any construct in the stack whose template holds the value
 * @param value the value as written into the resource (tokens included)
 */
export function renderedInFinding(scope: IConstruct, value: unknown): string {
  return flatten(Stack.of(scope).resolve(value));
}

/** cdk-nag's flattening of an already resolved CloudFormation value. */
export function flatten(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  if (isObject(node)) {
    if (node['Fn::Join']) {
      const [delimiter, items] = node['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (node['Fn::Sub']) {
      return flatten(node['Fn::Sub']);
    }
    if (node['Fn::GetAtt']) {
      const [resource, attribute] = node['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (node['Fn::ImportValue']) {
      return flatten(node['Fn::ImportValue']);
    }
    if (node.Ref) {
      return `<${flatten(node.Ref)}>`;
    }
  }
  return JSON.stringify(node);
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null;
}
