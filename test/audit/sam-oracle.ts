import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The SAM translator (Python `aws-sam-translator`) as an oracle: what CloudFormation a SAM template
 * becomes, offline. The differential test audits both and compares.
 */

/** The translator release the corpus was checked with; another one may translate differently. */
export const SAM_TRANSLATOR_VERSION = '1.110.';
/** cfn-lint ships the managed-policy map the oracle uses instead of calling IAM. */
export const CFN_LINT_VERSION = '1.51.';
/** What CI must provide for the differential test, as said in `.ci/run`. */
export const ORACLE_REQUIREMENT = `python3 with aws-sam-translator ${SAM_TRANSLATOR_VERSION}x and cfn-lint ${CFN_LINT_VERSION}x (pip install aws-sam-translator==1.110.0 cfn-lint==1.51.0)`;

const SCRIPT = path.join(__dirname, 'sam-oracle.py');
const PYTHON = process.env.PORTCULLIS_PYTHON ?? 'python3';
/** Translations by content hash, so reruns start no Python at all for templates seen before. */
const CACHE_DIR = path.join(os.tmpdir(), 'cdk-portcullis-sam-oracle');

/** Whether the oracle can run here, and why not. */
export type OracleStatus = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * One template's translation: the SAM template as the translator parsed it (absent when it is not YAML or
 * JSON), and the CloudFormation template or why SAM rejects the input.
 */
export interface SamTranslation {
  readonly sam?: Record<string, any>;
  readonly template?: Record<string, any>;
  readonly error?: string;
}

/** Checks that python3, the translator and cfn-lint are installed at the versions the corpus was checked with. */
export function samOracleStatus(): OracleStatus {
  const probe = spawnSync(PYTHON, ['-c', 'import samtranslator; from cfnlint.version import __version__ as c; print(samtranslator.__version__, c)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return { available: false, reason: `${PYTHON} is not runnable (${probe.error.message}); the oracle needs ${ORACLE_REQUIREMENT}` };
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop();
    return { available: false, reason: `${PYTHON} cannot import the translator or cfn-lint (${last}); the oracle needs ${ORACLE_REQUIREMENT}` };
  }
  const [sam, lint] = probe.stdout.trim().split(' ');
  if (!sam.startsWith(SAM_TRANSLATOR_VERSION) || !lint.startsWith(CFN_LINT_VERSION)) {
    return { available: false, reason: `found aws-sam-translator ${sam} and cfn-lint ${lint}; the oracle needs ${ORACLE_REQUIREMENT}` };
  }
  return { available: true };
}

/**
 * Translates SAM templates (files) to CloudFormation with the SAM translator, by file path.
 * Cached translations are reused; the others are translated by one Python process.
 *
 * @throws Error when the Python process fails as a whole (not when SAM rejects a template)
 */
export function translateSamTemplates(files: readonly string[]): Map<string, SamTranslation> {
  const scriptHash = createHash('sha256').update(fs.readFileSync(SCRIPT)).digest('hex');
  const requests = files.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const key = createHash('sha256').update(scriptHash).update('\0').update(text).digest('hex');
    return { file, key, text };
  });

  const translations = new Map<string, SamTranslation>();
  const missing = requests.filter((r) => {
    const cached = readCached(r.key);
    if (cached) translations.set(r.file, cached);
    return cached === undefined;
  });
  if (missing.length > 0) {
    const run = spawnSync(PYTHON, [SCRIPT], {
      input: JSON.stringify(missing.map((r) => ({ key: r.key, text: r.text }))),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
      env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
    });
    if (run.error || run.status !== 0) {
      throw new Error(`the SAM oracle (${PYTHON} ${SCRIPT}) failed: ${run.error?.message ?? run.stderr}`);
    }
    const output = JSON.parse(run.stdout) as { results: Record<string, SamTranslation> };
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (const r of missing) {
      const translation = output.results[r.key];
      fs.writeFileSync(path.join(CACHE_DIR, `${r.key}.json`), JSON.stringify(translation));
      translations.set(r.file, translation);
    }
  }
  return translations;
}

function readCached(key: string): SamTranslation | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(CACHE_DIR, `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}
