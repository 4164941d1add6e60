import { App, Environment, Stack } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';

/** One way a user's app can be set up: the flags `cdk init` writes or none, an explicit environment or none. */
export interface UserAppSetup {
  readonly name: string;
  /** The context `cdk init` writes into cdk.json: every currently recommended feature flag. */
  readonly recommendedFlags: boolean;
  readonly env?: Environment;
}

/** An account and Region as a user's app states them. */
export const USER_ENV: Environment = { account: '123456789012', region: 'eu-west-1' };

/**
 * The four setups every acknowledgement a construct writes must match in: with and without the
 * recommended flags (among them `@aws-cdk/core:enablePartitionLiterals`), with and without an
 * explicit environment. A jest test with no cdk.json is the no-flags case.
 */
export const USER_APP_SETUPS: readonly UserAppSetup[] = [
  { name: 'recommended flags, explicit env', recommendedFlags: true, env: USER_ENV },
  { name: 'recommended flags, env-agnostic', recommendedFlags: true },
  { name: 'no flags, explicit env', recommendedFlags: false, env: USER_ENV },
  { name: 'no flags, env-agnostic', recommendedFlags: false },
];

/** A stack in an app set up as `setup` says. */
export function userStack(setup: UserAppSetup, id = 'UserStack'): Stack {
  const app = new App({ context: setup.recommendedFlags ? { ...CURRENTLY_RECOMMENDED_FLAGS } : {} });
  return new Stack(app, id, { env: setup.env });
}
