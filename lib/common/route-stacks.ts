import { NestedStack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkInteger, deferPropChecks } from './validation';

/**
 * Routes (HTTP) or methods (REST) placed in nested stacks the API creates and fills in turn, so that an
 * API can have more routes than CloudFormation's 500 resources per stack allow. The API, its stage,
 * authorizers, access-log group, WAF association, Lambda integrations (HTTP) and invoke permissions stay
 * in the API's stack; each nested stack receives only the ids it refers to (API id, root resource id,
 * authorizer ids, integration ids or function ARNs) as parameters.
 *
 * Opt-in rather than automatic past a threshold: moving a deployed route to another stack replaces it,
 * and CloudFormation creates the new route before it deletes the old one, which API Gateway refuses for
 * the same route key. Turn it on when the API is created (or redeploy without the routes first).
 */
export interface RouteStackOptions {
  /**
   * Routes (HTTP) or methods (REST) per nested stack, from 1 to 450. A stack is closed earlier when the
   * next call's resources would take it past 450 resources (a REST method adds its path segments and,
   * with CORS, a preflight method), or when it would need more than 150 parameters (CloudFormation
   * allows 200): one per Lambda function, integration or authorizer its routes use.
   *
   * Routes fill the stacks in the order they are added: add new routes at the end, since removing
   * or inserting one moves the routes after it to other stacks.
   *
   * @default 200
   */
  readonly routesPerStack?: number;
}

/** Limits of route stacks, in one place. */
export const ROUTE_STACK_LIMITS = {
  /** Default of `routesPerStack`. */
  routesPerStack: 200,
  /** Most resources a route stack is filled to (CloudFormation's quota is 500 per stack). */
  resources: 450,
  /** Most distinct parent values (functions, integrations, authorizers) a route stack refers to (CloudFormation allows 200 parameters). */
  references: 150,
};

/** One nested stack of routes, and what it holds so far. */
export interface RouteStack {
  /** The nested stack. */
  readonly stack: NestedStack;
  /** Routes or methods placed in it. */
  routes: number;
  /** Resources placed in it (counted by the caller, an upper bound). */
  resources: number;
  /** The parent values its routes refer to (each one parameter of the nested stack). */
  readonly references: Set<unknown>;
}

/**
 * Creates and fills the nested stacks of an API's routes. Internal to the API constructs: they ask for
 * the stack of each `addRoutes` / `addMethods` call before creating its resources.
 */
export class RouteStacks {
  /** The stacks created so far, in order. */
  public readonly stacks: RouteStack[] = [];
  private readonly routesPerStack: number;

  /**
   * @param owner the API construct; nested stacks are created under it (`RouteStack1`, `RouteStack2`, …)
   * @param prop the prop the options were passed as, named in errors
   */
  constructor(private readonly owner: Construct, prop: string, options: RouteStackOptions) {
    this.routesPerStack = options.routesPerStack ?? ROUTE_STACK_LIMITS.routesPerStack;
    deferPropChecks(owner, [
      () => checkInteger(owner, `${prop}.routesPerStack`, this.routesPerStack, 1, ROUTE_STACK_LIMITS.resources,
        `use a whole number from 1 to ${ROUTE_STACK_LIMITS.resources}, e.g. ${ROUTE_STACK_LIMITS.routesPerStack} (the default)`),
    ]);
  }

  /**
   * The stack the routes of one call go in: the current one while they fit, else a new one.
   *
   * @param routes how many routes or methods the call adds
   * @param resources how many resources they add at most
   * @param references the parent values they refer to (a function, an integration, an authorizer)
   */
  public place(routes: number, resources: number, references: readonly unknown[]): RouteStack {
    let current: RouteStack | undefined = this.stacks[this.stacks.length - 1];
    const wanted = references.filter((r) => r !== undefined);
    if (current === undefined || (current.routes > 0 && !this.fits(current, routes, resources, wanted))) {
      const stack = new NestedStack(this.owner, `RouteStack${this.stacks.length + 1}`, {
        description: `Routes ${this.stacks.length + 1} of ${this.owner.node.path} (cdk-portcullis route stack)`,
      });
      current = { stack, routes: 0, resources: 0, references: new Set() };
      this.stacks.push(current);
    }
    current.routes += routes;
    current.resources += resources;
    wanted.forEach((r) => current!.references.add(r));
    return current;
  }

  private fits(stack: RouteStack, routes: number, resources: number, references: readonly unknown[]): boolean {
    const added = references.filter((r) => !stack.references.has(r)).length;
    return stack.routes + routes <= this.routesPerStack
      && stack.resources + resources <= ROUTE_STACK_LIMITS.resources
      && stack.references.size + added <= ROUTE_STACK_LIMITS.references;
  }
}
