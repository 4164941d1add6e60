import {
  appSources, cdkSynth, ConsumerSynth, lowestAwsCdkLib, newestAwsCdkLib, packTarball, pinnedCdkCli, plainSynth, runReadmeRecipe, scratchApp,
} from './consumer-app';
import { ctKmsPr3Violations } from '../common/ct-kms-pr3';

/**
 * A user's app, built from every public Portcullis construct, installed from the tarball that
 * "Use it in your app" builds, synthesized with the five cdk-nag packs and PortcullisChecks: it must
 * pass them all with no acknowledgement of its own, on the lowest aws-cdk-lib of our peer range and
 * on the newest published, env-agnostic and with an explicit account and Region (two stacks of the
 * one app), with `cdk init`'s flags through the CLI and with no context at all in-process.
 */

const STACKS = ['UserAppAgnostic', 'UserAppExplicit'];

function describeFindings(result: ConsumerSynth): string[] {
  return result.findings.map((f) => `${f.severity} ${f.constructPath} ${f.rule}`).sort();
}

function expectClean(result: ConsumerSynth): void {
  // Every finding, error or warning, names the rule and the resource; an empty list is the goal.
  expect(describeFindings(result)).toEqual([]);
  if (result.exitCode !== 0) {
    throw new Error(`synth failed with exit code ${result.exitCode}:\n${result.output.slice(-4000)}`);
  }
  expect(Object.keys(result.templates).sort()).toEqual(STACKS);
}

describe('a user\'s app built from every construct', () => {
  let tarball: string;
  beforeAll(() => {
    tarball = packTarball();
  }, 600_000);

  test('writes no acknowledgement of its own', () => {
    for (const [file, source] of Object.entries(appSources())) {
      const acknowledgements = source.match(/\.acknowledge\w*\(|NagSuppressions|addMetadata\(\s*['"]cdk_nag/g) ?? [];
      expect({ file, acknowledgements }).toEqual({ file, acknowledgements: [] });
    }
  });

  describe.each([
    ['the lowest aws-cdk-lib of the peer range', lowestAwsCdkLib, pinnedCdkCli],
    ['the newest aws-cdk-lib', newestAwsCdkLib, () => 'latest'],
  ])('on %s', (_name, awsCdkLib, cdkCli) => {
    let dir: string;
    let viaCli: ConsumerSynth;
    let inProcess: ConsumerSynth;
    beforeAll(() => {
      dir = scratchApp(tarball, awsCdkLib(), cdkCli());
      viaCli = cdkSynth(dir);
      inProcess = plainSynth(dir);
    }, 900_000);

    test('passes every pack through `cdk synth` with cdk init\'s flags, env-agnostic and with an explicit env', () => {
      expectClean(viaCli);
    });

    test('passes every pack synthesized in-process with no context, as in a jest test', () => {
      expectClean(inProcess);
    });

    test('every KMS key it gets passes AWS Control Tower\'s CT.KMS.PR.3', () => {
      for (const template of [...Object.values(viaCli.templates), ...Object.values(inProcess.templates)]) {
        const keys = Object.values(template.Resources).filter((r) => r.Type === 'AWS::KMS::Key');
        expect(keys.length).toBeGreaterThan(0);
        expect(ctKmsPr3Violations(template)).toEqual([]);
      }
    });

    test('runs the README\'s inventory snapshot recipe as its own jest test, and the snapshot holds on the second run', () => {
      expect(() => runReadmeRecipe(dir)).not.toThrow();
    }, 600_000);
  });
});
