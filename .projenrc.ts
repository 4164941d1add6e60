import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-portcullis',
  // Promise only what works: constructs for HTTP, REST and WebSocket APIs and Lambda backends.
  description: 'Secure-by-default AWS CDK constructs for Amazon API Gateway HTTP, REST and WebSocket APIs: authorizers, custom domains with strong TLS, WAF, monitoring, governance and hardened Lambda backends, a cdk-nag rule pack for API Gateway templates, and an audit command for synthesized templates.',
  author: 'Portcullis maintainers',
  authorAddress: 'maintainers@portcullis.dev',
  repositoryUrl: 'https://github.com/portcullis-dev/cdk-portcullis.git',
  license: 'Apache-2.0',
  keywords: ['aws-cdk', 'api-gateway', 'security', 'cdk-nag', 'jwt', 'cognito', 'websocket', 'waf', 'monitoring'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  // Toolchain: jsii/TypeScript 6 (TypeScript 7 breaks ts-jest and jsii).
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  cdkCliVersion: '2.1148.1',

  // Sources in lib/, compiled JavaScript outside lib/ and outside git.
  srcdir: 'lib',
  libdir: 'dist/lib',
  testdir: 'test',
  entrypoint: 'dist/lib/index.js',
  artifactsDirectory: 'dist/packages',
  tsconfigDevFile: 'tsconfig.dev.json',

  // jsii targets: Python, Java, .NET and Go packages are built from the same source by jsii-pacmak.
  publishToPypi: { distName: 'cdk-portcullis', module: 'cdk_portcullis' },
  publishToMaven: { javaPackage: 'dev.portcullis.cdk', mavenGroupId: 'dev.portcullis', mavenArtifactId: 'cdk-portcullis' },
  publishToNuget: { dotNetNamespace: 'Portcullis.Cdk', packageId: 'Portcullis.Cdk' },
  publishToGo: { moduleName: 'github.com/portcullis-dev/cdk-portcullis-go' },

  peerDeps: ['cdk-nag@^3.0.2'],
  devDeps: [
    'cdk-nag@^3.0.2',
    'aws-cdk@2.1148.1',
    'esbuild@^0.28.2',
    'fast-check@^4.11.0',
    'ts-node@^10.9.2',
    // Bundled by esbuild into assets/lambda/jwt-authorizer; the package ships the bundle, not the dependency.
    'aws-jwt-verify@^5.2.1',
    // Tests only: a real OpenID provider on loopback, and its self-signed TLS certificate.
    'oidc-provider@^9.13.3',
    'selfsigned@^5.5.0',
    // The unused-API sweeper's AWS SDK v3 clients: provided by the Lambda Node.js runtime (left out of
    // its bundle), and used by its tests against a loopback server speaking the AWS wire format.
    '@aws-sdk/client-api-gateway@^3.1142.0',
    '@aws-sdk/client-apigatewayv2@^3.1178.0',
    '@aws-sdk/client-cloudwatch@^3.1178.0',
    '@aws-sdk/client-sns@^3.1178.0',
    // Tests only: validates the audit's SARIF output (2.1.0 schema, SARIF and GitHub rules); a self-contained
    // Linux binary (no .NET needed) in @microsoft/sarif-multitool-linux.
    '@microsoft/sarif-multitool@^5.7.0',
    // `npm run mutation` (StrykerJS; 9.x is the last line that runs on Node 20, the project's minimum).
    '@stryker-mutator/core@~9.6.1',
    '@stryker-mutator/jest-runner@~9.6.1',
  ],

  jestOptions: {
    jestVersion: '^30',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 120_000,
      collectCoverage: false,
    },
  },
  tsconfigDev: {
    // .projenrc.ts explicitly: `**/*.ts` skips dot-files, and eslint's type-aware parser needs it here.
    include: ['lib/**/*.ts', 'bin/**/*.ts', 'lambda/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
    compilerOptions: {},
    // The consumer test's app imports 'cdk-portcullis' from the packed tarball: it is type-checked
    // there, against the package a user installs, not here.
    exclude: ['test/consumer/app'],
  },
  // ESLint through projen, as cdk-nag and cdk-monitoring-constructs do (formatting by projen's
  // @stylistic rules; no prettier). Type-aware rules use tsconfig.dev.json, which covers every folder.
  // `npm test` runs the eslint task after jest; without --fix and with --max-warnings=0 any finding
  // (warnings such as import/order included) and any unused eslint-disable directive fails it.
  // Fix locally with `npx projen eslint --fix`.
  eslint: true,
  eslintOptions: {
    dirs: ['lib'],
    devdirs: ['test', 'bin', 'bench', 'lambda', 'scripts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    prettier: false,
    commandOptions: {
      fix: false,
      extraArgs: ['--max-warnings=0', '--report-unused-disable-directives'],
    },
  },
  prettier: false,
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  docgen: true,
  gitignore: ['cdk.out/', '*.bench.json', '.scratch/', '/reports/', '.stryker-tmp/'],
  npmIgnoreOptions: {
    ignorePatterns: ['/bin/', '/bench/', '/lambda/', '/scripts/', 'cdk.out/', '/reports/', '/.stryker-tmp/', '/stryker.config.mjs', '/.ci/', '/.scratch/', '*.bench.json', '/cdk.json',
      // Showcase-only handlers; the library's own handlers (assets/lambda/<purpose>) ship.
      '/assets/lambda/echo/', '/assets/lambda/demo-authorizer/', '/assets/lambda/demo-rest-authorizer/',
      // README pictures (the monitoring dashboard's layout).
      '/docs/',
      // jsii-pacmak appends this exact line when it is missing; written here, packaging leaves the clone clean.
      'dist/packages'],
  },
});

// Lambda runtime code in lambda/<purpose>/index.ts is bundled into assets/lambda/<purpose>/index.js.
// The bundles are committed (a fresh clone synthesizes without esbuild or Docker) and ship in the
// npm package; test/lambda/bundles.test.ts fails when a bundle is stale.
const bundle = project.addTask('bundle', {
  description: 'Bundle lambda/ handlers into assets/lambda with esbuild',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/bundle-lambdas.ts',
});
project.preCompileTask.spawn(bundle);

// lib/nag/RULES.md is rendered from the rule catalogue; test/nag/rules-markdown.test.ts fails when it is stale.
project.addTask('rules-md', {
  description: 'Render lib/nag/RULES.md from the rule catalogue (PortcullisChecks.RULES)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/rules-markdown.ts',
});

project.addTask('synth', {
  description: 'Synthesize the showcase app (runs the cdk-nag packs)',
  exec: 'cdk synth -q',
});

// Mutation testing of the security code (stryker.config.mjs lists the units). Not part of `npm test`:
// it takes long; run it after changing the code or tests of its scope (`npm run mutation -- <unit>`).
project.addTask('mutation', {
  description: 'Mutation testing (StrykerJS) of authorization, CORS, reason and key policies, the JWT authorizer and sweeper handlers, and the rule pack\'s authorization and stage rules',
  exec: 'node scripts/mutation.mjs',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Benchmarks: resources per route, synth time and rule-pack cost against baselines',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});

// The showcase app: `npx cdk synth` runs it (no AWS account or context lookups needed). Its context
// is what `cdk init` writes: every currently recommended feature flag of the aws-cdk-lib we build
// with, so the showcase (and its snapshot) sees what a user's app sees.
const { CURRENTLY_RECOMMENDED_FLAGS } = require('aws-cdk-lib/cx-api');
new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx ts-node --transpile-only --project tsconfig.dev.json bin/showcase.ts',
    watch: { include: ['bin/**', 'lib/**'] },
    context: CURRENTLY_RECOMMENDED_FLAGS,
  },
});

// `npm test` type-checks everything (jsii for lib/, tsc for bin/, test/, bench/, lambda/) before jest.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');
project.testTask.prependSpawn(project.compileTask);

project.eslint!.addIgnorePattern('test/consumer/app/');

// The floors of lib/, lowest first. A folder imports only folders on floors below its own: siblings on
// one floor never import each other (REST, HTTP and WebSocket share only what lies below them). The
// zones are derived from this list, so the order is written down once; `npm test` runs eslint.
//   common        what every kind shares (validation, stages, logs, keys); imports nothing of lib/
//   function/nag  the hardened Lambda backend; the rule pack (pure checks of templates)
//   authorization route authorization and the JWT authorizer's settings; waf; domain; audit
//   identity      user pools and the JWT authorizer's function; route: route options and their spec
//   monitoring    metrics, alarms and dashboards, through ISecureApi and per-kind shapes
//   http/rest/websocket, governance: the API kinds and what governs them
const LIB_FLOORS: readonly (readonly string[])[] = [
  ['common'],
  ['function', 'nag'],
  ['authorization', 'waf', 'domain', 'audit'],
  ['identity', 'route'],
  ['monitoring'],
  ['http', 'rest', 'websocket', 'governance'],
];
const layeringZones = LIB_FLOORS.flatMap((floor, level) => floor.map((folder) => ({
  target: `./lib/${folder}`,
  from: LIB_FLOORS.slice(level).flat().filter((other) => other !== folder).map((other) => `./lib/${other}`),
  message: `lib/${folder} sits on floor ${level} of LIB_FLOORS (.projenrc.ts) and imports only lower floors`,
})));
project.eslint!.addRules({
  'import/no-restricted-paths': ['error', { zones: layeringZones }],
  'import/no-cycle': ['error', { ignoreExternal: true }],
});

// "Use it in your app" runs `npx projen package:js` on a fresh clone: it compiles first, since
// jsii-pacmak packages the compiled .jsii assembly and fails without one.
project.tasks.tryFind('package:js')!.prependSpawn(project.compileTask);

project.package.addField('bin', { 'cdk-portcullis': 'dist/lib/audit/cli.js' });

project.synth();
