import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { PortcullisChecks } from '../lib';

/** The five standard cdk-nag packs and Portcullis' own, by name; tests run the same list. */
export const SECURITY_PACKS: ReadonlyArray<readonly [string, (scope?: IConstruct) => NagPack]> = [
  ['AwsSolutions', (scope) => new AwsSolutionsChecks(scope)],
  ['NIST 800-53 R5', (scope) => new NIST80053R5Checks(scope)],
  ['HIPAA Security', (scope) => new HIPAASecurityChecks(scope)],
  ['PCI DSS 3.2.1', (scope) => new PCIDSS321Checks(scope)],
  ['Serverless', (scope) => new ServerlessChecks(scope)],
  ['Portcullis', (scope) => new PortcullisChecks(scope)],
];

/** Registers every pack of {@link SECURITY_PACKS} on an app. */
export function addSecurityChecks(app: App): void {
  Validations.of(app).addPlugins(...SECURITY_PACKS.map(([, pack]) => pack(app)));
}
