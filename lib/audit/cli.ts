#!/usr/bin/env node
import { parseArgs } from 'util';
import { AuditInputError } from './audit-input-error';
import { failsAudit, hidesRoutes } from './audit-result';
import { runAudit } from './auditor';
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeOf } from './exit-code';
import { DEFAULT_INPUT_LIMITS, InputLimits } from './input-limits';
import { apiInventory } from './inventory/inventory-reader';
import { renderInventoryJson, renderInventoryMarkdown } from './inventory/inventory-report';
import { DEFAULT_PACK_NAMES, PACK_NAMES, selectPacks } from './pack-selection';
import { exitPolicyOf, renderReport, REPORT_OPTION_FLAGS, reportOptions } from './report-options';
import { TOOL_NAME, toolVersion } from './tool-version';

export const USAGE = `Usage: cdk-portcullis audit <path> [--format markdown|json|sarif] [--packs <names>]
                            [--fail-on error|warning|never] [--baseline <file>] [--write-baseline <file>]
                            [--verbose] [--inventory] [limits]
       cdk-portcullis inventory <path> [--json] [limits]
       cdk-portcullis --version

Audits CloudFormation templates with the Portcullis cdk-nag rule pack.

<path>            a cdk.out folder, a template file (.json, .yaml, .yml, .template),
                  or a folder of templates
--format <f>      markdown (default), json (machine-readable), or sarif (SARIF 2.1.0 for
                  code scanning: GitHub, Azure DevOps, …)
--json            same as --format json
--packs <names>   comma-separated packs to run (default: ${DEFAULT_PACK_NAMES.join(',')}):
                  ${PACK_NAMES.join(', ')}, or all
--fail-on <level> the lowest level that fails the run: warning (default: errors and warnings,
                  as at synth), error (warnings are reported, not failing), or never
--baseline <file> fail only on findings not in this baseline (written by --write-baseline);
                  the report counts the baselined findings and lists entries that no longer occur
--write-baseline <file>
                  record the findings of this run as a baseline (the run then passes); for a
                  migration: accept a finding for good with an acknowledgement and a reason
--verbose         log progress (templates loaded, files skipped) to stderr
--inventory       print the API inventory instead of findings (same as the inventory command)

inventory lists every route and method of every API with its authorization (kind,
authorizer, scopes), throttling, WAF, access logging, endpoint and domains, one row per route.
-h, --help        show this help
--version         print the version of cdk-portcullis

Limits (an input over one is not audited: exit code 2, one line naming the file, the limit and the flag):
--max-template-size <MB>      largest template file read (default: ${DEFAULT_INPUT_LIMITS.maxTemplateBytes / (1024 * 1024)}); checked before reading
--max-resources <n>           most resources in one template (default: ${DEFAULT_INPUT_LIMITS.maxResources}, as CloudFormation)
--max-depth <n>               deepest nesting of maps and lists in a template (default: ${DEFAULT_INPUT_LIMITS.maxDepth})
--max-nested-stack-depth <n>  longest chain of nested stacks (default: ${DEFAULT_INPUT_LIMITS.maxNestedStackDepth}); a cycle is always refused
--timeout <seconds>           longest time spent on one template (default: ${DEFAULT_INPUT_LIMITS.timeoutSeconds})
Only regular files are read: a FIFO, socket, device or directory named like a template is reported, never
read, so the audit never waits on one. In a folder, a symlink is followed when it leads to a regular file inside the folder;
a symlink loop, a dangling symlink or one leading outside the folder is reported. A key written twice
in a map is a warning on stderr (line and key); the last value is used, as CloudFormation does.

Exit codes: 0 no findings, 1 findings remain (errors or warnings: a warning fails synth too;
narrowed by --fail-on and --baseline),
2 an input was not audited (unloadable template, Serverless Framework file, nested stack
with a template not among the inputs; the report lists them under "Not audited") or bad
usage (missing path, no templates, unknown flag or pack), 3 every input audited but a template
names a custom macro (Transform), so what is deployed is not what was audited.
`;

/** Output streams and the process's arguments, so tests can drive the CLI in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * Runs `cdk-portcullis` with the given arguments (without `node` and the script).
 *
 * @returns the exit code
 */
export function main(argv: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'json': { type: 'boolean' },
        'version': { type: 'boolean' },
        ...REPORT_OPTION_FLAGS,
        'packs': { type: 'string', multiple: true },
        'verbose': { type: 'boolean' },
        'inventory': { type: 'boolean' },
        'help': { type: 'boolean', short: 'h' },
        'max-template-size': { type: 'string' },
        'max-resources': { type: 'string' },
        'max-depth': { type: 'string' },
        'max-nested-stack-depth': { type: 'string' },
        'timeout': { type: 'string' },
      },
    });
  } catch (e) {
    return fail(io, `cdk-portcullis: ${(e as Error).message.split('\n')[0]}`);
  }

  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${TOOL_NAME} ${toolVersion()}\n`);
    return EXIT_OK;
  }
  const [command, inputPath, ...extra] = positionals;
  if (command !== 'audit' && command !== 'inventory') {
    return fail(io, command === undefined
      ? 'cdk-portcullis: missing command (expected: audit <path> or inventory <path>)'
      : `cdk-portcullis: unknown command '${command}' (expected: audit <path> or inventory <path>)`);
  }
  if (inputPath === undefined) {
    return fail(io, `cdk-portcullis ${command}: missing <path> (a cdk.out folder, a template file, or a folder of templates)`);
  }
  if (extra.length > 0) {
    return fail(io, `cdk-portcullis audit: unexpected argument '${extra[0]}' (one <path> only)`);
  }

  let limits: InputLimits;
  try {
    limits = inputLimits(values);
  } catch (e) {
    return fail(io, `cdk-portcullis ${command}: ${(e as Error).message}`);
  }

  if (command === 'inventory' || values.inventory) {
    const auditOnly = (['format', 'fail-on', 'baseline', 'write-baseline'] as const).find((o) => values[o] !== undefined && !(o === 'format' && values.format === 'json'));
    if (auditOnly !== undefined) return fail(io, `cdk-portcullis ${command}: --${auditOnly} applies to the audit, not the inventory`);
    try {
      const inventory = apiInventory(inputPath, limits);
      io.stdout(values.json || values.format === 'json' ? renderInventoryJson(inventory, inputPath) : renderInventoryMarkdown(inventory, inputPath));
      for (const n of inventory.notAudited.filter((r) => r.refused)) io.stderr(`cdk-portcullis ${command}: ${n.template}: ${n.reason}\n`);
      return inventory.notAudited.some(failsAudit) ? EXIT_BAD_INPUT : EXIT_OK;
    } catch (e) {
      if (e instanceof AuditInputError) return fail(io, `cdk-portcullis ${command}: ${e.message}`);
      return fail(io, `cdk-portcullis ${command}: internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`);
    }
  }

  try {
    const packs = selectPacks((values.packs ?? [...DEFAULT_PACK_NAMES]).flatMap((p) => p.split(',')));
    const log = values.verbose ? (line: string) => io.stderr(`cdk-portcullis: ${line}\n`) : undefined;
    const warn = (line: string) => io.stderr(`cdk-portcullis audit: warning: ${line}\n`);
    const options = reportOptions(values);
    const result = runAudit(inputPath, { packs, log, warn, limits });
    const policy = exitPolicyOf(result, options, packs);
    io.stdout(renderReport(result, options, policy, packs));
    // An input refused (not a regular file, over a limit) gets its own line: the reason names the flag to raise.
    for (const n of result.notAudited.filter((r) => r.refused)) io.stderr(`cdk-portcullis audit: ${n.template}: ${n.reason}\n`);
    const failed = result.notAudited.filter((n) => failsAudit(n) && !n.refused);
    if (failed.length > 0) {
      io.stderr(`cdk-portcullis audit: not audited: ${failed.map((n) => `${n.logicalId ? `${n.logicalId} in ` : ''}${n.template}`).join(', ')} (see the report)\n`);
    } else if (result.templates.length === 0 && !result.notAudited.some((n) => n.refused)) {
      io.stderr(`cdk-portcullis audit: ${inputPath}: no CloudFormation template was audited (see the report)\n`);
    } else if (result.notAudited.some(hidesRoutes)) {
      const macros = result.notAudited.filter(hidesRoutes).map((n) => n.template);
      io.stderr(`cdk-portcullis audit: ${[...new Set(macros)].join(', ')}: a custom macro changes the template before deployment; what it adds is not audited (see the report)\n`);
    }
    return exitCodeOf(result, policy);
  } catch (e) {
    if (e instanceof AuditInputError) {
      return fail(io, `cdk-portcullis audit: ${e.message}`);
    }
    // Anything else is a bug in the audit or a pack: still one line, never a stack trace.
    return fail(io, `cdk-portcullis audit: internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}`);
  }
}

/** The limits the flags set, each over its default. */
function inputLimits(values: Record<string, unknown>): InputLimits {
  const positive = (flag: string, fallback: number): number => {
    const text = values[flag];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`--${flag}: expected a positive number, got '${String(text)}'`);
    }
    return value;
  };
  const whole = (flag: string, fallback: number): number => {
    const value = positive(flag, fallback);
    if (!Number.isInteger(value)) throw new Error(`--${flag}: expected a whole number, got '${String(values[flag])}'`);
    return value;
  };
  return {
    maxTemplateBytes: Math.floor(positive('max-template-size', DEFAULT_INPUT_LIMITS.maxTemplateBytes / (1024 * 1024)) * 1024 * 1024),
    maxResources: whole('max-resources', DEFAULT_INPUT_LIMITS.maxResources),
    maxDepth: whole('max-depth', DEFAULT_INPUT_LIMITS.maxDepth),
    maxNestedStackDepth: whole('max-nested-stack-depth', DEFAULT_INPUT_LIMITS.maxNestedStackDepth),
    timeoutSeconds: positive('timeout', DEFAULT_INPUT_LIMITS.timeoutSeconds),
  };
}

function fail(io: CliIo, message: string): number {
  io.stderr(`${message}\n`);
  return EXIT_BAD_INPUT;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
