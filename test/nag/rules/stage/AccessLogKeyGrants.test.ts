import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { AccessLogFormat, CfnDeployment, LogGroupLogDestination, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnApi as SamApi } from 'aws-cdk-lib/aws-sam';
import * as fc from 'fast-check';
import { EncryptedLogGroup, RouteAuthorization, SecureHttpApi, SecureRestApi } from '../../../../lib';
import { actionPatternMatches } from '../../../../lib/nag/rules/stage/AccessLogKeyGrants';
import { restProps, withMethod } from '../../../rest/fixtures';
import { Finding, finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-AccessLogKeyGrants';

/** An HTTP API stage writing access logs to a log group encrypted with `key`. */
function v2StageLoggingTo(stack: Stack, id: string, key: kms.IKey | kms.CfnKey): void {
  const logGroup = new logs.CfnLogGroup(stack, `${id}Logs`, {
    retentionInDays: 365,
    kmsKeyId: key instanceof kms.CfnKey ? key.attrArn : key.keyArn,
  });
  const api = new CfnApi(stack, `${id}Api`, { name: id, protocolType: 'HTTP' });
  new CfnStage(stack, `${id}Stage`, {
    apiId: api.ref,
    stageName: '$default',
    accessLogSettings: { destinationArn: logGroup.attrArn, format: '{"requestId":"$context.requestId"}' },
  });
}

/** A key with an explicit policy: the account may use it, plus `statements`. */
function keyWithPolicy(stack: Stack, id: string, statements: object[]): kms.CfnKey {
  return new kms.CfnKey(stack, id, {
    keyPolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
        ...statements,
      ],
    },
  });
}

const DENY_OTHER_GRANTS = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } };
/** The statement AWS Control Tower's CT.KMS.PR.3 requires. */
const CT_KMS_PR_3 = {
  Effect: 'Deny',
  Principal: '*',
  Action: 'kms:CreateGrant',
  Resource: '*',
  Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
};
const ACCOUNT_MAY_DO_ANYTHING = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

describe('AccessLogKeyGrants', () => {
  test('the keys Portcullis creates for access logs pass (HTTP and REST)', () => {
    const stack = newStack();
    new SecureHttpApi(stack, 'Http', { defaultAuthorization: RouteAuthorization.iam() });
    withMethod(new SecureRestApi(stack, 'Rest', restProps({ defaultAuthorization: RouteAuthorization.iam() })));

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a key of your own given to a Portcullis API is reported until its policy refuses other grants, as documented', () => {
    const stack = newStack();
    const own = new kms.Key(stack, 'OwnKey');
    new SecureHttpApi(stack, 'Http', { defaultAuthorization: RouteAuthorization.iam(), accessLogs: { encryptionKey: own } });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/OwnKey/Resource')]);

    EncryptedLogGroup.denyGrantsExceptForAwsServices(own);
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('an access-log key with aws-cdk-lib\'s default policy (kms:* to the account) or no policy at all is reported', () => {
    const stack = newStack();
    const cdkKey = new kms.Key(stack, 'CdkKey');
    const logGroup = new logs.LogGroup(stack, 'RestLogs', { encryptionKey: cdkKey, retention: logs.RetentionDays.ONE_YEAR });
    new RestApi(stack, 'Rest', { deployOptions: { accessLogDestination: new LogGroupLogDestination(logGroup), accessLogFormat: AccessLogFormat.jsonWithStandardFields() } })
      .root.addMethod('GET');
    v2StageLoggingTo(stack, 'NoPolicy', new kms.CfnKey(stack, 'NoPolicyKey', {}));

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/CdkKey/Resource'), finding(RULE, 'Stack/NoPolicyKey')]);
  });

  test('the same key passes with EncryptedLogGroup.denyGrantsExceptForAwsServices, or when every CreateGrant Allow requires grants for AWS resources', () => {
    const stack = newStack();
    const denied = new kms.Key(stack, 'Denied');
    EncryptedLogGroup.denyGrantsExceptForAwsServices(denied);
    v2StageLoggingTo(stack, 'Denied', denied);
    v2StageLoggingTo(stack, 'Conditioned', keyWithPolicy(stack, 'ConditionedKey', [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': true } } },
    ]));
    v2StageLoggingTo(stack, 'NoGrant', keyWithPolicy(stack, 'NoGrantKey', []));
    v2StageLoggingTo(stack, 'ServiceGrant', keyWithPolicy(stack, 'ServiceGrantKey', [
      { Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: 'kms:*', Resource: '*' },
    ]));
    // A template may hold the policy as JSON text (the L1 takes only an object, so as an override here).
    const jsonText = new kms.CfnKey(stack, 'JsonTextKey', {});
    jsonText.addPropertyOverride('KeyPolicy', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }, DENY_OTHER_GRANTS] }));
    v2StageLoggingTo(stack, 'JsonText', jsonText);

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a Deny in the CT.KMS.PR.3 form (BoolIfExists, with aws:PrincipalIsAWSService) refuses other grants, as does BoolIfExists alone', () => {
    const stack = newStack();
    const key = (id: string, deny: object) => v2StageLoggingTo(stack, id, keyWithPolicy(stack, `${id}Key`, [ACCOUNT_MAY_DO_ANYTHING, deny]));
    key('ControlTower', CT_KMS_PR_3);
    key('BoolIfExistsAlone', { ...DENY_OTHER_GRANTS, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' } } });
    key('SplitOperators', { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, BoolIfExists: { 'aws:PrincipalIsAWSService': false } } });
    key('UpperCase', { ...CT_KMS_PR_3, Condition: { boolifexists: { 'KMS:GrantIsForAWSResource': 'False', 'AWS:PrincipalIsAWSService': 'FALSE' } } });

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a CT.KMS.PR.3-like Deny that exempts more than AWS service principals, or no such Deny, is reported', () => {
    const stack = newStack();
    const key = (id: string, statements: object[]) => v2StageLoggingTo(stack, id, keyWithPolicy(stack, `${id}Key`, [ACCOUNT_MAY_DO_ANYTHING, ...statements]));
    key('NoDeny', []);
    // Deny only when the caller IS an AWS service: every principal of the account may still grant.
    key('ServiceTrue', [{ ...CT_KMS_PR_3, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'true' } } }]);
    key('ExtraKey', [{ ...CT_KMS_PR_3, Condition: { BoolIfExists: { ...CT_KMS_PR_3.Condition.BoolIfExists, 'aws:ViaAWSService': 'false' } } }]);
    key('GrantTrue', [{ ...CT_KMS_PR_3, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'true', 'aws:PrincipalIsAWSService': 'false' } } }]);
    key('OnlyServiceKey', [{ ...CT_KMS_PR_3, Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }]);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/ExtraKeyKey'),
      finding(RULE, 'Stack/GrantTrueKey'),
      finding(RULE, 'Stack/NoDenyKey'),
      finding(RULE, 'Stack/OnlyServiceKeyKey'),
      finding(RULE, 'Stack/ServiceTrueKey'),
    ]);
  });

  test('wildcards, NotAction, and a Deny that is narrowed or does not cover everyone do not count', () => {
    const stack = newStack();
    const open = (id: string, statements: object[]) => v2StageLoggingTo(stack, id, keyWithPolicy(stack, `${id}Key`, statements));
    open('Wildcard', [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' }, Action: 'KMS:Create*', Resource: '*' }]);
    open('NotAction', [{ Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }]);
    open('NarrowDeny', [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
      { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
    ]);
    open('OneRoleDeny', [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
      { ...DENY_OTHER_GRANTS, Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' } },
    ]);

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/NarrowDenyKey'),
      finding(RULE, 'Stack/NotActionKey'),
      finding(RULE, 'Stack/OneRoleDenyKey'),
      finding(RULE, 'Stack/WildcardKey'),
    ]);
  });

  test('keys that encrypt no access-log group are not checked', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'AppKey');
    new logs.LogGroup(stack, 'AppLogs', { encryptionKey: key });
    new kms.Key(stack, 'Unused');

    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a key policy that cannot be read is unresolved, unless a readable Deny already refuses other grants', () => {
    const stack = newStack();
    const condition = new CfnCondition(stack, 'Strict', { expression: Fn.conditionEquals('a', 'b') });
    const choose = (yes: object, no: object) => Fn.conditionIf(condition.logicalId, yes, no);
    v2StageLoggingTo(stack, 'Policy', new kms.CfnKey(stack, 'PolicyKey', { keyPolicy: choose({ Statement: [] }, { Statement: [] }) }));
    v2StageLoggingTo(stack, 'Statement', keyWithPolicy(stack, 'StatementKey', [choose(DENY_OTHER_GRANTS, { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })]));
    v2StageLoggingTo(stack, 'Closed', keyWithPolicy(stack, 'ClosedKey', [choose({}, {}), DENY_OTHER_GRANTS]));

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:KeyPolicy]`, 'Stack/PolicyKey'),
      finding(`${RULE}[unresolved:KeyPolicy]`, 'Stack/StatementKey'),
    ]);
  });

  test('SAM: the key of the log group an AWS::Serverless::Api writes access logs to is checked', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'SamKey');
    const logGroup = new logs.LogGroup(stack, 'SamLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    new SamApi(stack, 'Api', { stageName: 'prod', accessLogSetting: { destinationArn: logGroup.logGroupArn, format: '{"requestId":"$context.requestId"}' } });

    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/SamKey/Resource')]);
  });

  test('IAM action patterns match kms:CreateGrant as IAM does: case-insensitive, * any run, ? one character', () => {
    const piece = fc.constantFrom('kms', 'KMS', 'Kms', 's3', '*', '?', ':', 'Create', 'create', 'Grant', 'GRANT', 'Grants', 'Retire', 'C?eate', '*Grant');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), (pieces) => {
        const pattern = pieces.join('');
        // Reference: enumerate the pattern's tokens against the action, character by character.
        expect(actionPatternMatches(pattern, 'kms:CreateGrant')).toBe(globMatches(pattern.toLowerCase(), 'kms:creategrant'));
      }),
      { numRuns: 300 },
    );
    expect(actionPatternMatches('kms:*', 'kms:CreateGrant')).toBe(true);
    expect(actionPatternMatches('kms:Create*Key', 'kms:CreateGrant')).toBe(false);
    expect(actionPatternMatches('kms:Cr.ateGrant', 'kms:CreateGrant')).toBe(false);
    // Characters that mean something in a regular expression are literal (the generated pieces have none).
    expect(actionPatternMatches('kms:Create.Grant', 'kms:CreateGrant')).toBe(false);
    expect(actionPatternMatches('kms:Create(Grant)', 'kms:CreateGrant')).toBe(false);
  });

  describe('one key policy per stack', () => {
    /** Each case's only statement that could open grants: kms:* to a role of the account, no condition. */
    const OPEN = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' }, Action: 'kms:*', Resource: '*' };
    const CREATE_GRANT_TO_OPS = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Ops' }, Action: 'kms:CreateGrant', Resource: '*' };
    const PARAM = { Ref: 'Param' };

    type Outcome = 'passes' | 'reported' | 'unresolved';
    const EXPECTED: Record<Outcome, Finding[]> = {
      passes: [],
      reported: [finding(RULE, 'Stack/Key')],
      unresolved: [finding(`${RULE}[unresolved:KeyPolicy]`, 'Stack/Key')],
    };

    /**
     * The rule's findings for a stack of its own: an HTTP stage logging to a log group encrypted with one key whose
     * `KeyPolicy` is `keyPolicy` exactly as given (an override, so any JSON value reaches the template), and a
     * parameter `Param` for intrinsics to refer to.
     */
    function findingsOfPolicy(keyPolicy: unknown): Finding[] {
      const stack = newStack();
      new CfnParameter(stack, 'Param', { default: 'x' });
      const key = new kms.CfnKey(stack, 'Key', {});
      key.addPropertyOverride('KeyPolicy', keyPolicy);
      v2StageLoggingTo(stack, 'Case', key);
      return portcullisFindings(stack, RULE);
    }

    test.each<[string, Outcome, object[]]>([
      // Effect, Action and NotAction.
      ['an Effect that is a parameter', 'unresolved', [{ ...OPEN, Effect: PARAM }]],
      ['an Action entry that is a parameter', 'unresolved', [{ ...OPEN, Action: ['kms:Decrypt', PARAM] }]],
      ['an Allow with neither Action nor NotAction', 'passes', [{ Effect: 'Allow', Principal: '*', Resource: '*' }]],
      ['an Allow with both Action and NotAction (Action is read)', 'passes', [{ ...OPEN, Action: 'kms:Decrypt', NotAction: 'kms:Decrypt' }]],
      ['an Allow of everything but kms:CreateGrant (NotAction)', 'passes', [{ Effect: 'Allow', Principal: '*', NotAction: 'kms:CreateGrant', Resource: '*' }]],
      ['an action pattern with blanks around it', 'reported', [{ ...CREATE_GRANT_TO_OPS, Action: ' kms:CreateGrant ' }]],
      ['an Allow of kms:CreateGrant among other actions', 'reported', [{ ...CREATE_GRANT_TO_OPS, Action: ['kms:Decrypt', 'kms:CreateGrant'] }]],
      // The conditions of an Allow.
      ['an Allow whose Condition is an Fn::If', 'unresolved', [{ ...CREATE_GRANT_TO_OPS, Condition: { 'Fn::If': ['Strict', {}, {}] } }]],
      ['an Allow whose Bool block is a parameter', 'unresolved', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: PARAM } }]],
      ['an Allow requiring kms:GrantIsForAWSResource to be true or false', 'unresolved', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: { 'kms:GrantIsForAWSResource': ['true', 'false'] } } }]],
      ['an Allow requiring kms:GrantIsForAWSResource to be neither true nor false', 'unresolved', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'maybe' } } }]],
      ['an Allow requiring kms:GrantIsForAWSResource as a list of one true', 'passes', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: { 'kms:GrantIsForAWSResource': ['true'] } } }]],
      ['an Allow requiring kms:GrantIsForAWSResource under BoolIfExists', 'passes', [{ ...CREATE_GRANT_TO_OPS, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'true' } } }]],
      ['an Allow requiring kms:GrantIsForAWSResource to be false', 'reported', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } }]],
      ['an Allow conditioned on another Bool key only', 'reported', [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]],
      ['an Allow conditioned on kms:GrantIsForAWSResource under StringEquals', 'reported', [{ ...CREATE_GRANT_TO_OPS, Condition: { StringEquals: { 'kms:GrantIsForAWSResource': 'true' } } }]],
      // The principals of an Allow.
      ['an Allow to an AWS service principal', 'passes', [{ ...CREATE_GRANT_TO_OPS, Principal: { Service: 'logs.amazonaws.com' } }]],
      ['an Allow to a service principal and a role', 'reported', [{ ...CREATE_GRANT_TO_OPS, Principal: { Service: 'logs.amazonaws.com', AWS: 'arn:aws:iam::111111111111:role/Ops' } }]],
      ['an Allow to everyone but a service principal (NotPrincipal)', 'reported', [{ ...CREATE_GRANT_TO_OPS, Principal: undefined, NotPrincipal: { Service: 'logs.amazonaws.com' } }]],
      ['an Allow to a service principal with a NotPrincipal too', 'reported', [{ ...CREATE_GRANT_TO_OPS, Principal: { Service: 'logs.amazonaws.com' }, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/Ops' } }]],
      ['an Allow to a principal that is a parameter', 'reported', [{ ...CREATE_GRANT_TO_OPS, Principal: PARAM }]],
      ['an Allow with neither Principal nor NotPrincipal', 'reported', [{ ...CREATE_GRANT_TO_OPS, Principal: undefined }]],
      // A Deny after an open Allow.
      ['a Deny to { AWS: ["*"] }', 'passes', [OPEN, { ...DENY_OTHER_GRANTS, Principal: { AWS: ['*'] } }]],
      ['a Deny to a principal that is a parameter', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Principal: PARAM }]],
      ['a Deny to everyone but a role (NotPrincipal)', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/Ops' } }]],
      ['a Deny to every service principal only', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Principal: { Service: '*' } }]],
      ['a Deny whose Bool block is a parameter', 'unresolved', [OPEN, { ...DENY_OTHER_GRANTS, Condition: { Bool: PARAM } }]],
      ['a Deny narrowed by a condition block that is a parameter', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, StringEquals: PARAM } }]],
      ['a Deny with aws:PrincipalIsAWSService false as a list of one', 'passes', [OPEN, { ...CT_KMS_PR_3, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': ['false'] } } }]],
      ['a Deny in the CT.KMS.PR.3 form under Bool', 'passes', [OPEN, { ...CT_KMS_PR_3, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } } }]],
      ['a Deny with aws:PrincipalIsAWSService false or true', 'reported', [OPEN, { ...CT_KMS_PR_3, Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': ['false', 'true'] } } }]],
      ['a Deny with aws:PrincipalIsAWSService under StringEquals', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, StringEquals: { 'aws:PrincipalIsAWSService': 'false' } } }]],
      ['a Deny with aws:PrincipalIsAWSService in a BoolIfExists block that is a parameter', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, BoolIfExists: PARAM } }]],
      ['a Deny of other actions only', 'reported', [OPEN, { ...DENY_OTHER_GRANTS, Action: 'kms:Decrypt' }]],
    ])('%s: %s', (_name, outcome, statements) => {
      expect(findingsOfPolicy({ Version: '2012-10-17', Statement: statements })).toEqual(EXPECTED[outcome]);
    });

    // Nulls, which a key policy held as JSON text can contain anywhere.
    test.each<[string, Outcome, unknown]>([
      ['a KeyPolicy of null (KMS\'s default policy)', 'reported', null],
      ['a statement that is null', 'unresolved', JSON.stringify({ Statement: [null, CREATE_GRANT_TO_OPS] })],
      ['a statement that is a string', 'unresolved', JSON.stringify({ Statement: ['Allow', CREATE_GRANT_TO_OPS] })],
      ['a Bool block of null in an Allow', 'reported', JSON.stringify({ Statement: [{ ...CREATE_GRANT_TO_OPS, Condition: { Bool: null } }] })],
      ['a BoolIfExists block of null next to the Deny\'s Bool', 'reported', JSON.stringify({ Statement: [OPEN, { ...DENY_OTHER_GRANTS, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' }, BoolIfExists: null } }] })],
      ['a Condition of null on the Deny', 'reported', JSON.stringify({ Statement: [OPEN, { ...DENY_OTHER_GRANTS, Condition: null }] })],
    ])('%s: %s', (_name, outcome, keyPolicy) => {
      expect(findingsOfPolicy(keyPolicy)).toEqual(EXPECTED[outcome]);
    });

    test('a REST deployment\'s StageDescription names the access-log group whose key is checked', () => {
      const stack = newStack();
      const key = new kms.CfnKey(stack, 'Key', {});
      const logGroup = new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 365, kmsKeyId: key.attrArn });
      new CfnDeployment(stack, 'Deployment', {
        restApiId: 'abc123',
        stageName: 'prod',
        stageDescription: { accessLogSetting: { destinationArn: logGroup.attrArn, format: '$context.requestId' } },
      });

      expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Key')]);
    });

    test('a key referred to by Ref (its key id) rather than by its ARN is checked', () => {
      const stack = newStack();
      const key = new kms.CfnKey(stack, 'Key', {});
      const logGroup = new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 365, kmsKeyId: key.ref });
      const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
      new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default', accessLogSettings: { destinationArn: logGroup.attrArn, format: '$context.requestId' } });

      expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Key')]);
    });

    test('a stage logging to a log group outside the stack has no key to check', () => {
      const stack = newStack();
      new kms.CfnKey(stack, 'Key', {});
      const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
      new CfnStage(stack, 'Stage', {
        apiId: api.ref,
        stageName: '$default',
        accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:111111111111:log-group:elsewhere', format: '$context.requestId' },
      });

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });

    test('a log group whose key is a parameter has no key in the stack to check', () => {
      const stack = newStack();
      new kms.CfnKey(stack, 'Key', {});
      const keyArn = new CfnParameter(stack, 'KeyArn', { default: 'arn:aws:kms:us-east-1:111111111111:key/x' });
      const logGroup = new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 365, kmsKeyId: keyArn.valueAsString });
      const api = new CfnApi(stack, 'Api', { name: 'api', protocolType: 'HTTP' });
      new CfnStage(stack, 'Stage', { apiId: api.ref, stageName: '$default', accessLogSettings: { destinationArn: logGroup.attrArn, format: '$context.requestId' } });

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });
  });
});

/** A straightforward recursive glob matcher, independent of the regex the rule builds. */
function globMatches(pattern: string, text: string): boolean {
  if (pattern === '') return text === '';
  if (pattern[0] === '*') return globMatches(pattern.slice(1), text) || (text !== '' && globMatches(pattern, text.slice(1)));
  if (text === '') return false;
  return (pattern[0] === '?' || pattern[0] === text[0]) && globMatches(pattern.slice(1), text.slice(1));
}
