#!/usr/bin/env node
// A user's app, as `cdk init app --language typescript` lays one out, built from every Portcullis
// construct. It writes no acknowledgement: whatever the packs report is Portcullis' to fix.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { PortcullisChecks } from 'cdk-portcullis';
import { UserApiStack } from '../lib/user-api-stack';

const app = new App();
// Environment-agnostic, as `cdk init` leaves it, and with the account and Region spelled out.
new UserApiStack(app, 'UserAppAgnostic');
new UserApiStack(app, 'UserAppExplicit', { env: { account: '123456789012', region: 'eu-west-1' } });
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new HIPAASecurityChecks(app),
  new PCIDSS321Checks(app), new ServerlessChecks(app), new PortcullisChecks(app),
);
app.synth();
