#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addSecurityChecks } from './security-checks';
import { ShowcaseStack } from './showcase-stack';

// Environment-agnostic on purpose: no account, no credentials, no context lookups.
const app = new App();
new ShowcaseStack(app, 'PortcullisShowcase');
addSecurityChecks(app);
app.synth();
