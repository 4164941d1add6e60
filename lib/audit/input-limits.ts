/**
 * Limits on what the audit reads, so a hostile or broken input is refused quickly with one line
 * instead of exhausting time or memory. Each limit has a flag that raises it.
 */
export interface InputLimits {
  /** Largest template file read, in bytes (`--max-template-size <MB>`). */
  readonly maxTemplateBytes: number;
  /** Most resources in one template (`--max-resources <n>`). */
  readonly maxResources: number;
  /** Deepest nesting of maps and lists in a template (`--max-depth <n>`). */
  readonly maxDepth: number;
  /** Deepest chain of nested stacks among the audited templates (`--max-nested-stack-depth <n>`). */
  readonly maxNestedStackDepth: number;
  /** Longest time spent reading or auditing one template, in seconds (`--timeout <seconds>`). */
  readonly timeoutSeconds: number;
}

/**
 * The defaults: ten times CloudFormation's largest template (1 MB from S3), CloudFormation's 500
 * resources per template, nesting far deeper than any template needs, and a few minutes per template.
 */
export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxTemplateBytes: 10 * 1024 * 1024,
  maxResources: 500,
  maxDepth: 100,
  maxNestedStackDepth: 10,
  timeoutSeconds: 120,
};

/** The flag that raises each limit, as the refusal names it. */
export const LIMIT_FLAGS: Record<keyof InputLimits, string> = {
  maxTemplateBytes: '--max-template-size <MB>',
  maxResources: '--max-resources <n>',
  maxDepth: '--max-depth <n>',
  maxNestedStackDepth: '--max-nested-stack-depth <n>',
  timeoutSeconds: '--timeout <seconds>',
};

/** `over the <what> limit of <limit> (raise it with <flag>)`. */
export function overLimit(limit: keyof InputLimits, limits: InputLimits): string {
  return `over the ${LIMIT_NAMES[limit]} limit of ${describeLimit(limit, limits)} (raise it with ${LIMIT_FLAGS[limit]})`;
}

const LIMIT_NAMES: Record<keyof InputLimits, string> = {
  maxTemplateBytes: 'template size',
  maxResources: 'resource',
  maxDepth: 'nesting depth',
  maxNestedStackDepth: 'nested-stack depth',
  timeoutSeconds: 'time',
};

function describeLimit(limit: keyof InputLimits, limits: InputLimits): string {
  const value = limits[limit];
  if (limit === 'maxTemplateBytes') return `${+(value / (1024 * 1024)).toFixed(3)} MB`;
  if (limit === 'timeoutSeconds') return `${value} s`;
  return String(value);
}
