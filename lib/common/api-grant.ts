import { Names, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { renderedInFinding } from './finding-rendering';

/** Why an `execute-api:Invoke` grant on IAM-authorized routes may hold a `*`. */
export const INVOKE_WILDCARD_REASON = 'A path parameter or greedy path matches any value at run time and an ANY route any method; '
  + 'IAM names them with *, within this route of this API\'s stage only';

/**
 * One grant on one API: a statement of `actions` on `resourceArns`, for `grantee`.
 */
export interface ApiGrantOptions {
  /** Who is granted. */
  readonly grantee: iam.IGrantable;
  /** The IAM actions. */
  readonly actions: string[];
  /** The ARNs, all of them of the one API the grant is on. */
  readonly resourceArns: string[];
  /** Conditions of the statement. */
  readonly conditions?: Record<string, Record<string, unknown>>;
  /**
   * Why the `*` in `resourceArns` is needed: each ARN with a `*` is acknowledged
   * (`AwsSolutions-IAM5[Resource::…]`) with this reason on the policy that holds the statement.
   * Without it, no acknowledgement.
   */
  readonly wildcardReason?: string;
}

/**
 * Grants on an API the way the packs accept: the statement goes into a customer managed policy of
 * the grantee, never into its inline `DefaultPolicy` (NIST 800-53 R5, HIPAA and PCI DSS flag
 * inline policies with `IAMNoInlinePolicy`).
 *
 * - A role, user or group created in the app gets one `iam.ManagedPolicy` per API, a child of the
 *   identity (so in its stack, as aws-cdk-lib's `DefaultPolicy`: the grantee's stack depends on the
 *   API's, never the other way round), with the id `PortcullisGrants<api unique id>`. Every later
 *   grant on the same API adds to it, so an identity granted on n APIs holds n policies, not one per call.
 * - Any other grantee keeps aws-cdk-lib's behaviour (`iam.Grant.addToPrincipal`): a SecureFunction
 *   puts the statement into its own `grantsPolicy`; an imported role gets an inline `Policy` when it is
 *   mutable and nothing when it is not; a service or account principal gets nothing (the grant is
 *   unsuccessful, as with aws-cdk-lib).
 *
 * Wildcards the grant needs are acknowledged on the policy that holds the statement, with ids
 * derived from the values as the pack renders them.
 *
 * @param api the API the resources belong to: it names the policy
 */
export function grantOnApi(api: IConstruct, options: ApiGrantOptions): iam.Grant {
  const principal = options.grantee.grantPrincipal;
  const policy = apiGrantsPolicy(api, principal);
  let holder: unknown;
  // A view of the principal whose statements land in the managed policy; aws-cdk-lib builds the Grant.
  const view: iam.IPrincipal = {
    get grantPrincipal() { return view; },
    get assumeRoleAction() { return principal.assumeRoleAction; },
    get policyFragment() { return principal.policyFragment; },
    get principalAccount() { return principal.principalAccount; },
    addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
      if (!policy) {
        const result = principal.addToPrincipalPolicy(statement);
        holder = result.policyDependable;
        return result;
      }
      policy.addStatements(statement);
      holder = policy;
      return { statementAdded: true, policyDependable: policy };
    },
  };
  const grant = iam.Grant.addToPrincipal({
    grantee: view, actions: options.actions, resourceArns: options.resourceArns, conditions: options.conditions,
  });
  const wildcards = options.resourceArns.filter((arn) => arn.includes('*'));
  if (options.wildcardReason && wildcards.length > 0 && Construct.isConstruct(holder)) {
    acknowledgeWildcards(api, holder.node.defaultChild ?? holder, wildcards, options.wildcardReason);
  }
  return grant;
}

/** The managed policy for grants on `api` to `principal`, when the principal is an identity it can attach to. */
function apiGrantsPolicy(api: IConstruct, principal: iam.IPrincipal): iam.ManagedPolicy | undefined {
  const attach = attachment(principal);
  if (!attach) return undefined;
  const identity = principal as unknown as IConstruct;
  const id = `PortcullisGrants${Names.nodeUniqueId(api.node)}`;
  const existing = identity.node.tryFindChild(id);
  if (existing) return existing as iam.ManagedPolicy;
  const policy = new iam.ManagedPolicy(identity, id, {
    description: `Portcullis grants on the API ${api.node.path}`,
  });
  attach(policy);
  return policy;
}

/** How to attach a managed policy to the principal, when it is a role, user or group created in the app. */
function attachment(principal: iam.IPrincipal): ((policy: iam.ManagedPolicy) => void) | undefined {
  if (iam.Role.isRole(principal)) return (policy) => policy.attachToRole(principal);
  if (principal instanceof iam.User) return (policy) => policy.attachToUser(principal);
  if (principal instanceof iam.Group) return (policy) => policy.attachToGroup(principal);
  return undefined;
}

/**
 * Acknowledges AwsSolutions-IAM5 for each wildcard resource on `resource`. In the API's stack the
 * value renders now; in another stack it becomes an import or a parameter only when references are
 * resolved at synth, so the acknowledgement is recorded then (after `prepare`, before the packs run).
 */
function acknowledgeWildcards(api: IConstruct, resource: IConstruct, resourceArns: string[], reason: string): void {
  const acknowledge = () => Validations.of(resource).acknowledge(...resourceArns.map((arn) => ({
    id: `AwsSolutions-IAM5[Resource::${renderedInFinding(resource, arn)}]`, reason,
  })));
  if (Stack.of(resource) === Stack.of(api)) {
    acknowledge();
  } else {
    resource.node.addValidation({ validate: () => { acknowledge(); return []; } });
  }
}
