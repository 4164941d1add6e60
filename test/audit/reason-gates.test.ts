import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct, IConstruct } from 'constructs';
import { runCliJson } from './run-cli';
import { RouteAuthorization, SecureHttpApi } from '../../lib';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';

const RULE = 'Portcullis-RouteAuthorization';
const ENV = { account: '111111111111', region: 'us-east-1' };

/** What each gate says about the one unauthorized route: 'open' (a finding) or 'acknowledged'. */
interface Verdicts {
  readonly synth: 'open' | 'acknowledged' | 'reason refused' | 'scope refused';
  readonly audit: 'open' | 'acknowledged';
}

/**
 * Builds the same app twice, once with the pack registered (the synth gate) and once without (the
 * cloud assembly the audit reads), and reports what each gate says about the route's finding.
 * `pathMetadata` is what `cdk synth` turns on by default (`aws:cdk:path` on each template resource);
 * `app.synth()` outside the CLI, and `cdk synth --no-path-metadata`, leave it off.
 */
function gates(build: (app: App) => void, pathMetadata = false): Verdicts {
  const run = (withPack: boolean) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-gates-'));
    try {
      const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-path-metadata': pathMetadata } });
      if (withPack) Validations.of(app).addPlugins(new PortcullisChecks(app));
      build(app);
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      if (withPack) {
        if (new RegExp(`Portcullis-AcknowledgementReason\\[(Portcullis::)?${RULE}\\]`).test(message)) return 'reason refused' as const;
        if (new RegExp(`Portcullis-AcknowledgementScope\\[(Portcullis::)?${RULE}\\]`).test(message)) return 'scope refused' as const;
        return message.includes(`Acknowledge with 'Portcullis::${RULE}`) ? 'open' as const : 'acknowledged' as const;
      }
      const { report } = runCliJson('audit', outdir, '--packs', 'portcullis');
      return report.findings.some((f: { ruleId: string }) => f.ruleId.startsWith(RULE)) ? 'open' as const : 'acknowledged' as const;
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };
  return { synth: run(true) as Verdicts['synth'], audit: run(false) as Verdicts['audit'] };
}

/** The verdicts that agree with what synth said: the audit honours what synth honoured, and only that. */
function agreeing(synth: Verdicts['synth']): Verdicts {
  return { synth, audit: synth === 'acknowledged' ? 'acknowledged' : 'open' };
}

/** A plain aws-cdk-lib HttpApi with one route without authorization. */
function plainRoute(scope: Construct): IConstruct {
  const api = new HttpApi(scope, 'Http');
  return new HttpRoute(api, 'Health', {
    httpApi: api,
    routeKey: HttpRouteKey.with('/health', HttpMethod.GET),
    integration: new HttpUrlIntegration('Url', 'https://example.com'),
  });
}

describe('one reason policy: the synth gate and the audit agree on the same cloud assembly', () => {
  test.each([
    ['exactly 10 characters', '0123456789', 'acknowledged'],
    ['10 characters inside whitespace', '   0123456789 \t\n', 'acknowledged'],
    ['9 characters inside whitespace', '   012345678   ', 'refused'],
    ['only whitespace', ' \u00a0\u2003\t\n        ', 'refused'],
    ['non-ASCII, 10 characters', 'Zugriff für Prüfer', 'acknowledged'],
    ['five emoji (ten UTF-16 units, five characters)', '🔓🔓🔓🔓🔓', 'refused'],
    ['ten zero-width spaces', '\u200b'.repeat(10), 'refused'],
    ['twelve Hangul fillers', '\u3164'.repeat(12), 'refused'],
    ['one letter and eleven braille blanks', 'a' + '\u2800'.repeat(11), 'refused'],
    ['empty', '', 'refused'],
  ])('a reason that is %s', (_, reason, expected) => {
    const verdicts = gates((app) => {
      const route = plainRoute(new Stack(app, 'S', { env: ENV }));
      Validations.of(route).acknowledge({ id: RULE, reason });
    });
    // The invariant: synth lets the finding through exactly when the audit does.
    expect(verdicts).toEqual(agreeing(verdicts.synth));
    if (expected === 'acknowledged') expect(verdicts).toEqual({ synth: 'acknowledged', audit: 'acknowledged' });
    if (expected === 'refused') expect(verdicts).toEqual({ synth: 'reason refused', audit: 'open' });
  });

  test('the plugin-namespaced form (Portcullis::Portcullis-RouteAuthorization) is honoured by both, or by neither', () => {
    for (const reason of ['Public health check for the load balancer', 'too short']) {
      const verdicts = gates((app) => {
        const route = plainRoute(new Stack(app, 'S', { env: ENV }));
        Validations.of(route).acknowledge({ id: `Portcullis::${RULE}`, reason });
      });
      expect(verdicts).toEqual(reason === 'too short' ? { synth: 'reason refused', audit: 'open' } : { synth: 'acknowledged', audit: 'acknowledged' });
    }
  });

  test('a public SecureHttpApi route in a stack: both gates honour its reason', () => {
    const verdicts = gates((app) => {
      const api = new SecureHttpApi(new Stack(app, 'S', { env: ENV }), 'Api');
      api.addRoutes({
        path: '/health',
        methods: [HttpMethod.GET],
        integration: new HttpUrlIntegration('Url', 'https://example.com'),
        authorization: RouteAuthorization.publicAccess('Load balancer health check'),
      });
    });
    expect(verdicts).toEqual({ synth: 'acknowledged', audit: 'acknowledged' });
  });

  function publicRouteInNestedStack(app: App): void {
    const api = new SecureHttpApi(new NestedStack(new Stack(app, 'S', { env: ENV }), 'Nested'), 'Api');
    api.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      integration: new HttpUrlIntegration('Url', 'https://example.com'),
      authorization: RouteAuthorization.publicAccess('Load balancer health check'),
    });
  }

  test('a public SecureHttpApi route in a NestedStack, synthesized as `cdk synth` does: both gates honour its reason', () => {
    expect(gates(publicRouteInNestedStack, true)).toEqual({ synth: 'acknowledged', audit: 'acknowledged' });
  });

  // Without path metadata, the audit finds a nested-stack resource's construct path through the
  // parent's logical-id entries; before the review of issue 11 it gave nested templates none, so
  // acknowledgements declared in a nested stack matched nothing and the audit failed what synth passed.
  test('a public SecureHttpApi route in a NestedStack, without path metadata: both gates honour its reason', () => {
    expect(gates(publicRouteInNestedStack)).toEqual({ synth: 'acknowledged', audit: 'acknowledged' });
  });

  // Found in the review of issue 11: an acknowledgement on the App or a Stage (outside every stack) was
  // honoured at synth, but the cloud assembly records construct metadata per stack only, so the audit
  // never saw it. Portcullis-AcknowledgementScope now fails synth too.
  test.each([
    ['the App', (app: App) => { plainRoute(new Stack(app, 'S', { env: ENV })); return app; }],
    ['a Stage', (app: App) => { const stage = new Stage(app, 'Prod'); plainRoute(new Stack(stage, 'S', { env: ENV })); return stage; }],
  ])('an acknowledgement declared on %s, synthesized as `cdk synth` does: both gates agree', (_, build) => {
    const verdicts = gates((app) => {
      Validations.of(build(app)).acknowledge({ id: RULE, reason: 'Public health check for the load balancer' });
    }, true);
    expect(verdicts).toEqual({ synth: 'scope refused', audit: 'open' });
  });
});
