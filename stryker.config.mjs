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

/** @type {Record<string, { mutate: string[], tests: string[], handlers?: boolean }>} */
export const UNITS = {
  // Route authorization: the kinds, deny-by-default, identity sources, scopes, the public-route record.
  'authorization/routes': {
    mutate: ['lib/authorization/{route-authorization,deny-by-default,public-route,identity-source,cognito-authorization,cognito-scopes,lambda-authorization}.ts'],
    tests: ['test/authorization/**/*.test.ts', 'test/identity/**/*.test.ts', 'test/common/core-pieces.test.ts', ...API_TESTS],
  },
  // JWT authorization: issuers, audiences, the Lambda JWT authorizer's settings.
  'authorization/jwt': {
    mutate: ['lib/authorization/{jwt-issuer,jwt-authorizer-function-props,jwt-authorization,jwt-lambda-authorization}.ts'],
    tests: ['test/authorization/**/*.test.ts', 'test/identity/**/*.test.ts', 'test/common/core-pieces.test.ts', ...API_TESTS],
  },
  // The reason policy: what makes a reason.
  'reason-policy': {
    mutate: ['lib/**/reason-policy.ts'],
    tests: ['test/common/reason-policy.property.test.ts'],
  },
  // Weakenings: a prop with a reason, its metadata, removal policies.
  'weakening': {
    mutate: ['lib/**/{weakening,removal-weakening}.ts'],
    tests: ['test/common/weakenings.test.ts', 'test/common/weakenings-table.test.ts'],
  },
  // CORS: origins, credentials, allowed headers, SigV4.
  'cors-policy': {
    mutate: ['lib/**/cors-policy.ts'],
    tests: ['test/http/secure-http-api.test.ts', 'test/http/validation.property.test.ts', 'test/rest/secure-rest-api.test.ts', 'test/rest/validation.property.test.ts'],
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
  // The JWT authorizer and the unused-API sweeper: Lambda handler sources, tested through their bundles.
  'handlers/unused-api-sweeper': {
    mutate: ['lambda/unused-api-sweeper/**/*.ts'],
    tests: ['test/governance/unused-api-sweeper.handler.test.ts', 'test/governance/validation.property.test.ts'],
    handlers: true,
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
    // The handlers' tests load the bundles (assets/lambda), not the sources: nothing imports the
    // mutated file, so a related-test lookup would find no test.
    enableFindRelatedTests: !unit.handlers,
  },
  // Handlers: the mutated sources are bundled again in the sandbox, and the JWT authorizer runs in a
  // child process whose coverage Stryker cannot see, so every mutant runs the unit's tests.
  ...(unit.handlers
    ? { buildCommand: 'npx ts-node --transpile-only --project tsconfig.dev.json scripts/bundle-lambdas.ts', coverageAnalysis: 'off' }
    : { coverageAnalysis: 'perTest' }),
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
