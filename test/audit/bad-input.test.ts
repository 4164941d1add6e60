import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './run-cli';

/** Bad input exits 2 with one clear line on stderr, never a stack trace. */
describe('cdk-portcullis audit: bad input', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-bad-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function expectBadInput(run: ReturnType<typeof runCli>, message: RegExp) {
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }

  /** A file that cannot be audited is listed in the report (exit code 2), never a stack trace. */
  function expectNotAudited(file: string, kind: string, reason: RegExp) {
    const run = runCli('audit', file, '--json');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.notAudited).toEqual([{
      template: path.basename(file), kind, logicalId: null, resourceType: null, reason: expect.stringMatching(reason),
    }]);
    expect(report.summary).toEqual(expect.objectContaining({ notAudited: 1, exitCode: 2 }));
    expect(run.stderr).toBe(`cdk-portcullis audit: not audited: ${path.basename(file)} (see the report)\n`);
    const markdown = runCli('audit', file);
    expect(markdown.status).toBe(2);
    expect(markdown.stdout).toContain('## Not audited');
    expect(markdown.stdout).toContain('incomplete: not every input was audited (exit code 2)');
    expect(markdown.stdout).not.toMatch(/\n\s+at /);
  }

  test('missing path', () => {
    const missing = path.join(dir, 'does-not-exist');
    expectBadInput(runCli('audit', missing), new RegExp(`${escape(missing)}: no such file or directory`));
  });

  test('no path given', () => {
    expectBadInput(runCli('audit'), /missing <path>/);
  });

  test('invalid JSON names the file and the position', () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, '{\n  "Resources": {\n    "Api": { "Type": "AWS::ApiGatewayV2::Api" \n  }\n');
    expectNotAudited(file, 'template', /^invalid JSON at line \d+, column \d+/);
  });

  test('invalid YAML names the file and the position', () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'Resources:\n  Api:\n    Type: [AWS::ApiGatewayV2::Api\n');
    expectNotAudited(file, 'template', /^cannot load the template: invalid YAML at line \d+, column \d+: /);
  });

  test('a template CfnInclude cannot resolve names the file', () => {
    const file = path.join(dir, 'dangling.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Nowhere' }, StageName: 'x' } } } }));
    expectNotAudited(file, 'template', /^Stage \(AWS::ApiGatewayV2::Stage\) refers to Nowhere, which is not a resource or parameter of the template$/);
  });

  test('an output referring to a missing resource names the output', () => {
    const file = path.join(dir, 'dangling-output.json');
    fs.writeFileSync(file, JSON.stringify({
      Resources: { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'x', ProtocolType: 'HTTP' } } },
      Outputs: { Url: { Value: { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${ApiProdStage}' } } },
    }));
    expectNotAudited(file, 'template', /^Url \(output\) refers to ApiProdStage, which is not a resource or parameter of the template$/);
  });

  test('a JSON file that is not a template', () => {
    const file = path.join(dir, 'not-a-template.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'x' }));
    expectNotAudited(file, 'template', /^not a CloudFormation template \(no Resources section\)$/);
  });

  test('a folder without templates', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'nothing here');
    expectBadInput(runCli('audit', empty), /no CloudFormation templates found/);
  });

  test('unknown pack and unknown flag', () => {
    const file = path.join(FIXTURES, 'http-api-compliant.json');
    expectBadInput(runCli('audit', file, '--packs', 'portcullis,nist'), /--packs: unknown pack 'nist' \(known: portcullis, aws-solutions, nist-800-53-r5/);
    expectBadInput(runCli('audit', file, '--strict'), /Unknown option '--strict'/);
    expectBadInput(runCli('inspect', file), /unknown command 'inspect'/);
  });

  test('--help prints usage and exits 0', () => {
    const run = runCli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: cdk-portcullis audit <path> [--format markdown|json|sarif] [--packs <names>]');
    expect(run.stdout).toContain('Exit codes: 0');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
