import * as path from 'path';
import { NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { invalidProp } from '../../common/validation';
import { discoverTemplates } from '../template-discovery';
import { InventoryNotAudited, InventoryRoute } from './inventory-entries';
import { apiInventory, InventoryContents, inventoryOfTemplates } from './inventory-reader';
import { renderInventoryJson, renderInventoryMarkdown } from './inventory-report';

/**
 * The attack surface of synthesized templates, for tests: every route and method of every API (declared, created by
 * SAM or quick create, or from an OpenAPI body) with its authorization (kind, authorizer, scopes), each stage's
 * throttling, WAF and access logs, the endpoint, and the custom domains with their TLS policy. The same rows as
 * `cdk-portcullis inventory`.
 *
 * Snapshot it instead of a thousand lines of CloudFormation, and a pull request that opens a route is a one-line
 * diff: `expect(ApiInventory.fromStack(stack).toJson()).toMatchSnapshot()`. The output holds no absolute path
 * (templates are named relative to the cloud assembly) and its order is stable: APIs by template, then logical id;
 * routes by path, then method.
 */
export class ApiInventory {
  /**
   * The inventory of a synthesized cloud assembly (a `cdk.out` folder, or the `directory` of a `CloudAssembly`),
   * with every stack in it, nested stacks and stacks of stages included. A template file or a folder of templates
   * works too, as for `cdk-portcullis inventory`.
   *
   * @param directory path of the cloud assembly folder, template file or folder of templates
   */
  public static fromAssembly(directory: string): ApiInventory {
    return new ApiInventory(apiInventory(directory));
  }

  /**
   * The inventory of one stack and the nested stacks it holds (route stacks included), synthesized for you: the
   * stack's stage (or app) is synthesized as `Template.fromStack` does it, and only this stack's templates are read.
   * Other stacks of the app are left out.
   *
   * @param stack a top-level stack (not a `NestedStack`: a nested stack's routes are listed with its parent's APIs)
   */
  public static fromStack(stack: Stack): ApiInventory {
    if (stack.nestedStackParent !== undefined) {
      invalidProp(stack, 'stack', stack.node.path, 'is a nested stack, whose routes are listed with the APIs of its parent',
        `pass its top-level stack, ApiInventory.fromStack(<the stack at ${topLevelStackOf(stack).node.path}>)`);
    }
    const stage = Stage.of(stack);
    if (!Stage.isStage(stage)) {
      invalidProp(stack, 'stack', stack.node.path, 'is not in an App or Stage, so it cannot be synthesized', 'create the stack in an App');
    }
    const directory = path.resolve(stage.synth().directory);
    const files = new Set([stack.templateFile, ...nestedStacksOf(stack).map((n) => n.templateFile)].map((f) => path.join(directory, f)));
    return new ApiInventory(inventoryOfTemplates(discoverTemplates(directory).filter((s) => files.has(s.file))));
  }

  /** Every route and method of every API, in a stable order: APIs by template then logical id, routes by path then method. */
  public readonly routes: InventoryRoute[];

  /** Templates, or parts of them, that could not be read; their routes are missing from `routes`. */
  public readonly notAudited: InventoryNotAudited[];

  private constructor(contents: InventoryContents) {
    this.routes = contents.routes;
    this.notAudited = contents.notAudited;
  }

  /**
   * The inventory as JSON, the document `cdk-portcullis inventory --json` prints without its `path` key: `version`,
   * `routes` (a route without an authorizer has `"authorizer": null`) and `notAudited`.
   */
  public toJson(): string {
    return renderInventoryJson(this);
  }

  /** The inventory as one Markdown table, a row per route, as `cdk-portcullis inventory` prints it without the path in its title. */
  public toMarkdown(): string {
    return renderInventoryMarkdown(this);
  }
}

/** The nested stacks under `stack`, at any depth, but not those of other top-level stacks defined inside it. */
function nestedStacksOf(stack: Stack): NestedStack[] {
  return stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c) && c !== stack && topLevelStackOf(c) === stack);
}

function topLevelStackOf(nested: Stack): Stack {
  let current = nested;
  while (current.nestedStackParent !== undefined) current = current.nestedStackParent;
  return current;
}
