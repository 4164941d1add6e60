/**
 * Whether an API Gateway access-log format produces one JSON object per request.
 *
 * Formats are written with `$context.*` (and `$stageVariables.*`) variables
 * that API Gateway substitutes at request time, quoted (`"ip":"$context.identity.sourceIp"`)
 * or bare for numbers (`"status":$context.status`). Every variable is replaced by
 * `0` — valid inside a JSON string and as a bare JSON value — and the result must
 * parse as a JSON object.
 */
export function isJsonObjectFormat(format: string): boolean {
  const substituted = format.replace(/\$(?:context|stageVariables)(?:\.[A-Za-z0-9_-]+)+/g, '0');
  try {
    const parsed: unknown = JSON.parse(substituted);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
