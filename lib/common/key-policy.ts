import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/** Sid of the statement {@link denyGrantsExceptForAwsServicesStatement} returns. */
export const DENY_GRANTS_SID = 'DenyGrantsExceptForAwsServices';

/**
 * The key-policy statement that refuses KMS grants to anyone but AWS services, in exactly the form
 * AWS Control Tower's proactive control CT.KMS.PR.3 ("Require an AWS KMS key policy to have a
 * statement that limits creation of AWS KMS grants to AWS services", Guard rule
 * `kms_create_grant_aws_service_check`, AWS Control Tower Controls Reference Guide, AWS KMS controls)
 * accepts: Effect `Deny`, Principal `*` (`AWS: '*'`), Action `kms:CreateGrant`, Resource `*`, and a
 * Condition with nothing but `BoolIfExists` on `kms:GrantIsForAWSResource: "false"` and
 * `aws:PrincipalIsAWSService: "false"`. The control runs as a CloudFormation hook in many
 * organizations, where a key without this statement fails the deployment.
 *
 * A grant hands use of the key to a principal without the key policy showing it. With this statement
 * only an AWS service acting for a principal of the account (`kms:GrantIsForAWSResource`) or an AWS
 * service principal itself (`aws:PrincipalIsAWSService`) may create one. CloudWatch Logs, SNS, AWS
 * Config and S3 use Portcullis keys through the key policy and need no grant.
 *
 * Every key Portcullis creates carries it; this is the one place it is written.
 */
export function denyGrantsExceptForAwsServicesStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: DENY_GRANTS_SID,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: {
        'kms:GrantIsForAWSResource': 'false',
        'aws:PrincipalIsAWSService': 'false',
      },
    },
  });
}

/** Statements added through {@link addToKeyPolicyOnce}, per key, by sid. */
const ADDED = new WeakMap<kms.IKey, Map<string, string>>();

/**
 * Adds `statement` (which must have a sid) to the key's policy unless a statement with that sid was
 * added through here before, so that many constructs sharing one key (a `SharedEncryptionKey`, or a key
 * of your own given to several log groups) each state what their service needs and the policy holds
 * it once. The same sid with another content is a bug and throws.
 *
 * Only a key created in the app can be changed; an imported key's policy is its owner's.
 */
export function addToKeyPolicyOnce(key: kms.IKey, statement: iam.PolicyStatement): void {
  const sid = statement.sid;
  if (sid === undefined) throw new Error('addToKeyPolicyOnce needs a statement with a sid');
  // Resolved, because the same ARN or principal written twice is two different unresolved tokens.
  const json = JSON.stringify(Stack.of(key).resolve(statement.toStatementJson()));
  let added = ADDED.get(key);
  if (!added) {
    added = new Map();
    ADDED.set(key, added);
  }
  const previous = added.get(sid);
  if (previous === json) return;
  if (previous !== undefined) {
    throw new Error(`[${key.node.path}] key policy statement '${sid}' was added twice with different content: ${previous} and ${json}`);
  }
  added.set(sid, json);
  key.addToResourcePolicy(statement);
}
