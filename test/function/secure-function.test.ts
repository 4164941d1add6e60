import { App, CfnParameter, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SECURITY_PACKS } from '../../bin/security-checks';
import { RouteAuthorization, SecureFunction, SecureFunctionProps, SecureHttpApi } from '../../lib';

const CODE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
const NO_VPC = 'Reaches only public AWS endpoints; a VPC would add NAT cost for nothing';
const SYNC_ONLY = 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
}

function secureFunction(props: Partial<SecureFunctionProps> = {}, stack = newStack()): SecureFunction {
  return new SecureFunction(stack, 'Orders', { code: CODE, ...props });
}

/** Every finding of every pack as `Rule path`, optionally only those on resources below `under`. */
function findings(scope: IConstruct, under?: string): string[] {
  return SECURITY_PACKS.flatMap(([, pack]) => pack().validateScope(scope).violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)))
    .filter((f) => under === undefined || f.split(' ')[1].startsWith(under))
    .sort();
}

function acknowledgedRules(scope: IConstruct): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata.filter((e) => e.type === 'aws:cdk:acknowledged-rules')) {
      out[c.node.path] = { ...out[c.node.path], ...m.data };
    }
  }
  return out;
}

describe('SecureFunction defaults', () => {
  const fn = secureFunction();
  const t = Template.fromStack(Stack.of(fn));

  test('newest Node.js runtime, ARM64, X-Ray, JSON logs, explicit memory, timeout and reserved concurrency', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: Match.stringLikeRegexp('^nodejs\\d+\\.x$'),
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^OrdersLogsLogGroup') } },
      MemorySize: 256,
      Timeout: 10,
      ReservedConcurrentExecutions: 20,
    });
  });

  test('the runtime is the newest of its family that aws-cdk-lib knows (what AwsSolutions-L1 checks)', () => {
    const node = lambda.Runtime.ALL.filter((r) => /^nodejs\d/.test(r.name))
      .map((r) => Number(r.name.replace(/^nodejs(\d+).*$/, '$1')));
    expect(fn.function.runtime.name).toEqual(`nodejs${Math.max(...node)}.x`);
  });

  test('its own log group, KMS-encrypted with a rotated customer managed key and a one-year retention, retained', () => {
    t.resourceCountIs('AWS::Logs::LogGroup', 1);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersLogsKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('no AWS managed policy and no inline policy; one customer managed policy for logs and X-Ray', () => {
    expect(JSON.stringify(t.toJSON())).not.toMatch(/arn:[^"]*:iam::aws:policy/);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
    });
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^OrdersRole') }],
      PolicyDocument: {
        Statement: [
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersLogsLogGroup'), 'Arn'] } },
          { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  test('acknowledges only X-Ray\'s Resource::*, on its own policy, and nothing about VPC or dead-letter queues', () => {
    expect(acknowledgedRules(Stack.of(fn))).toEqual({
      'Stack/Orders/Policy': { 'Annotation::AwsSolutions-IAM5[Resource::*]': 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions' },
    });
  });

  test('exposes the function, role, policy, log group and key', () => {
    expect(fn.function).toBeInstanceOf(lambda.Function);
    expect(fn.role).toBeInstanceOf(iam.Role);
    expect(fn.policy).toBeInstanceOf(iam.ManagedPolicy);
    expect(fn.logGroup).toBeInstanceOf(logs.LogGroup);
    expect(fn.logEncryptionKey).toBeInstanceOf(kms.Key);
    expect(fn.grantsPolicy).toBeUndefined();
  });
});

describe('SecureFunction and the standard packs', () => {
  test('with the user\'s reasons for no VPC and no dead-letter queue, a stack of just the function passes every pack the showcase runs', () => {
    const fn = secureFunction({ noVpcReason: NO_VPC, noDeadLetterQueueReason: SYNC_ONLY });
    expect(findings(Stack.of(fn))).toEqual([]);
    expect(acknowledgedRules(fn.function)['Stack/Orders/Function']).toEqual({
      'Annotation::NIST.800.53.R5-LambdaInsideVPC': NO_VPC,
      'Annotation::HIPAA.Security-LambdaInsideVPC': NO_VPC,
      'Annotation::PCI.DSS.321-LambdaInsideVPC': NO_VPC,
      'Annotation::NIST.800.53.R5-LambdaDLQ': SYNC_ONLY,
      'Annotation::HIPAA.Security-LambdaDLQ': SYNC_ONLY,
      'Annotation::Serverless-LambdaDLQ': SYNC_ONLY,
    });
  });

  test('without them, the packs report exactly the VPC and dead-letter-queue findings and nothing else', () => {
    const fn = secureFunction();
    expect(findings(Stack.of(fn))).toEqual([
      'HIPAA.Security-LambdaDLQ Stack/Orders/Function/Resource',
      'HIPAA.Security-LambdaInsideVPC Stack/Orders/Function/Resource',
      'NIST.800.53.R5-LambdaDLQ Stack/Orders/Function/Resource',
      'NIST.800.53.R5-LambdaInsideVPC Stack/Orders/Function/Resource',
      'PCI.DSS.321-LambdaInsideVPC Stack/Orders/Function/Resource',
      'Serverless-LambdaDLQ Stack/Orders/Function/Resource',
    ]);
  });

  test('AwsSolutions passes with no choice stated (IAM4 and L1 fail for a plain lambda.Function)', () => {
    const stack = newStack();
    new SecureFunction(stack, 'Orders', { code: CODE });
    new lambda.Function(stack, 'Plain', { code: CODE, handler: 'index.handler', runtime: lambda.Runtime.NODEJS_22_X });
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`);
    expect(rules.filter((r) => r.includes('Stack/Orders'))).toEqual([]);
    expect(rules).toEqual(expect.arrayContaining([
      expect.stringMatching(/^AwsSolutions-IAM4\[Policy::.*AWSLambdaBasicExecutionRole\] Stack\/Plain/),
      expect.stringMatching(/^AwsSolutions-L1 Stack\/Plain\/Resource/),
    ]));
  });

  test('in a VPC: network permissions in its own policy, no inside-VPC finding, and nothing on the function\'s resources', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const fn = secureFunction({ vpc, noDeadLetterQueueReason: SYNC_ONLY }, stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() } });
    t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces']), Resource: '*' })]) },
    });
    // Lambda checks the network permissions when it creates the function.
    expect(t.findResources('AWS::Lambda::Function')[Stack.of(fn).getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction)].DependsOn)
      .toContain(Stack.of(fn).getLogicalId(fn.policy.node.defaultChild as iam.CfnManagedPolicy));
    expect(JSON.stringify(t.toJSON())).not.toMatch(/AWSLambdaVPCAccessExecutionRole/);
    expect(findings(stack, 'Stack/Orders/')).toEqual([]);
    expect(acknowledgedRules(fn.policy)['Stack/Orders/Policy']['Annotation::AwsSolutions-IAM5[Resource::*]']).toMatch(/xray.*network interfaces/);
  });

  test('with a dead-letter queue: it may send to the queue and use its key; no DLQ finding', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'QueueKey', { enableKeyRotation: true });
    const queue = new sqs.Queue(stack, 'Dlq', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
    const fn = secureFunction({ deadLetterQueue: queue, noVpcReason: NO_VPC }, stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Dlq'), 'Arn'] } } });
    const statements = JSON.stringify(Stack.of(fn).resolve(fn.policy.document.toJSON()));
    expect(statements).toContain('sqs:SendMessage');
    expect(statements).toContain('kms:GenerateDataKey');
    expect(fn.grantsPolicy).toBeUndefined();
    expect(findings(stack, 'Stack/Orders/')).toEqual([]);
  });
  test('the README example: behind a SecureHttpApi route, with a table grant, API and function pass every pack', () => {
    const stack = newStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const orders = new SecureFunction(stack, 'Orders', {
      code: CODE,
      environment: { TABLE_NAME: table.tableName },
      noVpcReason: 'Reaches only DynamoDB over its public endpoint; no private resource',
      noDeadLetterQueueReason: SYNC_ONLY,
    });
    table.grantReadData(orders.function);
    const api = new SecureHttpApi(stack, 'Api', {
      defaultAuthorization: RouteAuthorization.jwt({ issuer: 'https://auth.example.com/', audience: ['https://api.example.com'], scopes: ['user.id'] }),
    });
    api.addRoutes({ path: '/orders/{id}', methods: [HttpMethod.GET], handler: orders.function });
    // The table's own findings (backups, PITR) are the table's business, not the function's or the API's.
    // Portcullis-DenialSignal is for GatewaySecurityInsights to satisfy, not this construct (test/nag/rules/stage/DenialSignal.test.ts).
    expect(findings(stack).filter((f) => !f.includes(' Stack/Table/') && !f.startsWith('Portcullis-DenialSignal '))).toEqual([]);
  });
});

describe('SecureFunction grants', () => {
  test('grants land in a second customer managed policy that no acknowledgement of the construct covers', () => {
    const stack = newStack();
    const fn = secureFunction({ noVpcReason: NO_VPC, noDeadLetterQueueReason: SYNC_ONLY }, stack);
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    table.grantReadData(fn.function);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }));

    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.resourceCountIs('AWS::IAM::ManagedPolicy', 2);
    expect(fn.grantsPolicy).toBeDefined();
    const grants = JSON.stringify(stack.resolve(fn.grantsPolicy!.document.toJSON()));
    expect(grants).toContain('dynamodb:GetItem');
    expect(grants).toContain('cloudwatch:PutMetricData');
    // The X-Ray acknowledgement stays on `policy`: the user's Resource::* is reported for the user to state.
    expect(acknowledgedRules(fn.grantsPolicy!)).toEqual({});
    expect(findings(stack, 'Stack/Orders/')).toEqual(['AwsSolutions-IAM5[Resource::*] Stack/Orders/GrantsPolicy/Resource']);
  });

  test('an inline policy is refused', () => {
    const fn = secureFunction();
    expect(() => fn.function.role!.attachInlinePolicy(new iam.Policy(fn, 'Inline')))
      .toThrow(/\[Stack\/Orders\] attachInlinePolicy: this role takes no inline policy.*Fix: /);
  });
});

describe('SecureFunction props', () => {
  test('every setting can be changed', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    const fn = secureFunction({
      handler: 'app.main',
      runtime: lambda.Runtime.PYTHON_3_13,
      architecture: lambda.Architecture.X86_64,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      reservedConcurrentExecutions: 5,
      environment: { TABLE: 'orders' },
      description: 'Orders backend',
      logRetention: logs.RetentionDays.ONE_MONTH,
      logEncryptionKey: key,
      logRemovalPolicy: RemovalPolicy.DESTROY,
      logRemovalReason: 'Development stack, torn down every night',
    }, stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'app.main',
      Runtime: 'python3.13',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 29,
      ReservedConcurrentExecutions: 5,
      Environment: { Variables: { TABLE: 'orders' } },
      Description: 'Orders backend',
    });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] } },
      DeletionPolicy: 'Delete',
    });
    expect(fn.logEncryptionKey).toBe(key);
    t.resourceCountIs('AWS::KMS::Key', 1);
  });

  test.each<[string, Partial<SecureFunctionProps>, RegExp]>([
    ['empty handler', { handler: ' ' }, /^\[Stack\/Orders\] prop 'handler' = " ": must name the handler\. Fix: /],
    ['memory too small', { memorySize: 64 }, /^\[Stack\/Orders\] prop 'memorySize' = 64: must be a whole number from 128 to 10240\. Fix: /],
    ['memory not whole', { memorySize: 256.5 }, /prop 'memorySize' = 256\.5: must be a whole number/],
    ['timeout over 15 minutes', { timeout: Duration.minutes(16) }, /^\[Stack\/Orders\] prop 'timeout' = "16 minutes": must be whole seconds from 1 second to 15 minutes\. Fix: /],
    ['timeout under a second', { timeout: Duration.millis(500) }, /prop 'timeout' = "500 millis": must be whole seconds/],
    ['no reserved concurrency', { reservedConcurrentExecutions: 0 }, /prop 'reservedConcurrentExecutions' = 0: must be a whole number from 1 to 1000000\. Fix: reserve at least 1/],
    ['logs kept forever', { logRetention: logs.RetentionDays.INFINITE }, /prop 'logRetention' = "INFINITE": logs must expire/],
    ['short no-VPC reason', { noVpcReason: 'no vpc' }, /prop 'noVpcReason' = "no vpc": the reason has 6 visible characters, at least 10 are required\. Fix: /],
    ['blank DLQ reason', { noDeadLetterQueueReason: '   ' }, /prop 'noDeadLetterQueueReason' = " {3}": no reason is given\. Fix: /],
    ['subnets without a VPC', { vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }, /prop 'vpcSubnets' = "given": only applies with vpc/],
    ['Node.js older than 22', { runtime: lambda.Runtime.NODEJS_20_X },
      /^\[Stack\/Orders\] prop 'runtime' = "nodejs20\.x": is older than Node\.js 22, the oldest runtime Portcullis supports\. Fix: give Node\.js 22 or newer, or leave it out for the newest \(nodejs\d+\.x\)/],
    ['an unversioned Node.js', { runtime: lambda.Runtime.NODEJS }, /prop 'runtime' = "nodejs": is older than Node\.js 22/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => secureFunction(props)).toThrow(message);
  });

  test('accepts Node.js 22 and runtimes of other families (your own code)', () => {
    for (const runtime of [lambda.Runtime.NODEJS_22_X, lambda.Runtime.PYTHON_3_13]) {
      const stack = newStack();
      secureFunction({ runtime }, stack);
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: runtime.name });
    }
  });

  test('refuses a reason beside the choice it excuses', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(() => secureFunction({ vpc, noVpcReason: NO_VPC }, stack)).toThrow(/prop 'noVpcReason' = .*: contradicts 'vpc', which is given\. Fix: leave out noVpcReason/);
    const queue = new sqs.Queue(stack, 'Dlq');
    expect(() => new SecureFunction(stack, 'Other', { code: CODE, deadLetterQueue: queue, noDeadLetterQueueReason: SYNC_ONLY }))
      .toThrow(/\[Stack\/Other\] prop 'noDeadLetterQueueReason' = .*: contradicts 'deadLetterQueue'/);
  });

  test('tokens pass through validation', () => {
    const stack = newStack();
    const memory = new CfnParameter(stack, 'Memory', { type: 'Number' }).valueAsNumber;
    const concurrency = new CfnParameter(stack, 'Concurrency', { type: 'Number' }).valueAsNumber;
    const handler = new CfnParameter(stack, 'Handler').valueAsString;
    expect(Token.isUnresolved(memory)).toBe(true);
    secureFunction({ memorySize: memory, reservedConcurrentExecutions: concurrency, handler }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: { Ref: 'Memory' }, ReservedConcurrentExecutions: { Ref: 'Concurrency' }, Handler: { Ref: 'Handler' },
    });
  });
});
