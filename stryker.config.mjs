// Mutation testing of the security code (`npm run mutation`; not part of `npm test`).
// Stryker changes one operator, condition or literal at a time (a mutant) and runs the tests that
// cover it; a mutant that no test notices (survived) is a behaviour the tests do not pin.
// Survivors that no test can kill are listed, with the reason, in test/mutation/EQUIVALENT.md.
//
// The scope is split into units, each with the tests that can kill its mutants. Jest loads every
// test file it is given for each mutant (and the files of this project load aws-cdk-lib), so a unit
// names few test files: one rule and its own test is seconds per mutant, a rule against the whole
// rules folder is a minute. `npm run mutation` runs every unit in turn (scripts/mutation.mjs);
// `MUTATION_UNIT=rule/RouteAuthorization npx stryker run stryker.config.mjs` runs one.
//
// Globs name files by concept (`lib/**/cors-policy.ts`), not by folder, where a file may move
// between lib/ folders.
import * as fs from 'node:fs';

/** Each rule of these lib/nag/rules folders is a unit with its own test (test/nag/rules/<folder>/<Rule>.test.ts). */
const RULE_FOLDERS = ['authorization', 'stage'];

/** Tests beyond a rule's own that pin its behaviour (the adversarial cases of a rule's records). */
const RULE_EXTRA_TESTS = {
  RouteAuthorization: ['test/nag/adversarial/public-route-record.test.ts'],
  RestWaf: ['test/nag/rules/waf/WebAclBlocks.test.ts'],
};

const API_TESTS = ['test/http/**/*.test.ts', 'test/rest/**/*.test.ts', 'test/websocket/**/*.test.ts'];

/** @type {Record<string, { mutate: string[], tests: string[] }>} */
export const UNITS = {
  // Route authorization: the kinds, deny-by-default, identity sources, scopes, the public-route record.
  // Only the tests that call this code directly: the API tests build whole stacks (hundreds of tests a
  // mutant, hours on two cores), and what they pin of these files is pinned here by direct calls.
  'authorization/routes': {
    mutate: ['lib/authorization/{route-authorization,deny-by-default,public-route,identity-source,cognito-authorization,cognito-scopes,lambda-authorization,scope-words}.ts'],
    tests: [
      'test/authorization/{route-authorization,deny-by-default,identity-source,lambda-authorization,cognito-scopes}.test.ts',
      'test/common/core-pieces.test.ts',
    ],
  },
  // JWT authorization: issuers, audiences, the Lambda JWT authorizer's settings.
  // Its code is pure (options in, a validation error or a configuration object out), so its own tests call it
  // directly and import only its modules (test/authorization/jwt-*.test.ts). The API, route-authorization and
  // JwtAuthorizerFunction tests, which load the whole library and build stacks at load, are left out: they reach
  // this code only through the same calls, and loading them for each mutant took about a minute a mutant.
  'authorization/jwt': {
    mutate: ['lib/authorization/{jwt-issuer,jwt-authorizer-function-props,jwt-authorization,jwt-lambda-authorization}.ts'],
    tests: ['test/authorization/jwt-*.test.ts'],
  },
  // The reason policy: what makes a reason.
  'reason-policy': {
    mutate: ['lib/**/reason-policy.ts'],
    tests: ['test/common/reason-policy.property.test.ts'],
  },
  // Weakenings: a prop with a reason, its metadata, removal policies. Their own tests call the
  // functions directly; test/common/weakenings.test.ts, which shows them through every construct
  // (synth and packs), took two minutes a dry run and over an hour for the unit.
  'weakening': {
    mutate: ['lib/**/{weakening,removal-weakening}.ts'],
    tests: ['test/common/weakening.test.ts', 'test/common/removal-weakening.test.ts'],
  },
  // CORS: origins, credentials, allowed headers, SigV4. Its own test calls the policy's functions
  // directly; the API tests, which show the same through the constructs, would cost minutes a mutant.
  'cors-policy': {
    mutate: ['lib/**/cors-policy.ts'],
    tests: ['test/common/cors-policy.test.ts'],
  },
  // KMS key policies of the shared encryption key and the log groups.
  'key-policy': {
    mutate: ['lib/**/key-policy.ts'],
    tests: ['test/common/key-policy.test.ts', 'test/common/encrypted-log-group.test.ts'],
  },
  ...Object.fromEntries(RULE_FOLDERS.flatMap((folder) => fs.readdirSync(new URL(`./lib/nag/rules/${folder}`, import.meta.url))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .map((rule) => [`rule/${rule}`, {
      mutate: [`lib/nag/rules/${folder}/${rule}.ts`],
      tests: [`test/nag/rules/${folder}/${rule}.test.ts`, ...(RULE_EXTRA_TESTS[rule] ?? [])],
    }]))),
  // The JWT authorizer, not through its bundle: each module's own tests import its source (the real
  // OpenID provider on loopback where the code talks to the network), so coverage is per test and
  // nothing is rebundled. Three units, so that a mutant of a module runs that module's tests only
  // (the handler's tests cover every module and take ~10 s; per mutant of config.ts that would be
  // most of its cost). The bundle's tests (*.oidc.test.ts: the handler in a child process, whose
  // coverage Stryker cannot see, ~40 s) stay in `npm test` but not here.
  'handlers/jwt-authorizer': {
    mutate: ['lambda/jwt-authorizer/index.ts'],
    tests: ['test/lambda/jwt-authorizer/handler.test.ts'],
  },
  'handlers/jwt-authorizer-modules': {
    mutate: ['lambda/jwt-authorizer/{config,events,embedded-metrics,issuer-fault}.ts'],
    tests: ['config', 'events', 'embedded-metrics', 'issuer-fault'].map((name) => `test/lambda/jwt-authorizer/${name}.test.ts`),
  },
  'handlers/jwt-authorizer-jwks': {
    mutate: ['lambda/jwt-authorizer/{jwks-cache,jwks-fetcher}.ts'],
    tests: ['jwks-cache', 'jwks-fetcher'].map((name) => `test/lambda/jwt-authorizer/${name}.test.ts`),
  },
  // The sweeper's own tests import the source (ts-jest), so it needs no rebundle and has perTest
  // coverage. Its bundle tests (test/governance/unused-api-sweeper.handler.test.ts, and the idleDecision
  // property of validation.property.test.ts, which loads aws-cdk-lib) stay in `npm test`: through the
  // bundle every mutant would rerun them all, about 70 s each, six hours for the unit.
  'handlers/unused-api-sweeper': {
    mutate: ['lambda/unused-api-sweeper/**/*.ts'],
    tests: ['test/lambda/unused-api-sweeper/**/*.test.ts'],
  },
};

const unitName = process.env.MUTATION_UNIT ?? 'rule/RouteAuthorization';
const unit = UNITS[unitName];
if (!unit) {
  throw new Error(`MUTATION_UNIT=${unitName} is not one of ${Object.keys(UNITS).join(', ')}`);
}
const reportDir = `reports/mutation/${unitName}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: unit.mutate,
  testRunner: 'jest',
  testRunner_comment:
    'jest.config is package.json "jest" (projen), narrowed to the tests of the unit; only the tests ' +
    'related to a mutated file (jest --findRelatedTests) and, per mutant, only the tests that cover it run.',
  jest: {
    projectType: 'custom',
    config: {
      testMatch: unit.tests.map((glob) => `<rootDir>/${glob}`),
      // jest-junit's report is for `npm test`, not for mutant runs.
      reporters: ['default'],
    },
    enableFindRelatedTests: true,
  },
  // Every unit's tests import the mutated sources (the Lambda handlers' too, not their bundles), so
  // coverage is per test: a mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  // A static mutant (module level: rule ids and texts, constant tables) is active from import, so
  // it needs every test of the unit, one run per mutant. They are left out; the score counts the others.
  ignoreStatic: true,
  // Two cores, shared: one or two test runners at a time.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 30_000,
  // Reruns test only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Copy only what the tests need into the sandbox.
  ignorePatterns: ['/dist', '/cdk.out', '/reports', '/test-reports', '/coverage', '/.scratch', '/bench', '/test/consumer', '/docs'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
