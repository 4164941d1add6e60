import { IConstruct } from 'constructs';
import { ApiKind, apiKindName } from './api-kind';
import { invalidProp, isUnresolved } from './validation';

/** The stage that serves an HTTP API at the root of its URL. */
export const DEFAULT_STAGE_NAME = '$default';

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * A stage name API Gateway accepts for the kind: 1 to 128 letters, digits, `-` and `_`, or `$default` on
 * HTTP APIs only (REST and WebSocket APIs have none). The message and fix offer only what the kind accepts.
 */
export function checkStageName(scope: IConstruct, prop: string, name: string, apiKind: ApiKind): void {
  if (isUnresolved(name)) return;
  if (apiKind === ApiKind.HTTP) {
    if (name === DEFAULT_STAGE_NAME) return;
    if (typeof name !== 'string' || !STAGE_NAME.test(name)) {
      invalidProp(scope, prop, name, 'must be $default or 1 to 128 letters, digits, - and _', "use e.g. 'prod' or 'v1', or leave it out for $default");
    }
    return;
  }
  const fix = "name the stage, e.g. 'prod' (the default) or 'v1'";
  if (name === DEFAULT_STAGE_NAME) {
    invalidProp(scope, prop, name, `${apiKindName(apiKind)}s have no $default stage${apiKind === ApiKind.WEBSOCKET ? ' (an HTTP API feature)' : ''}`, fix);
  }
  if (typeof name !== 'string' || !STAGE_NAME.test(name)) {
    invalidProp(scope, prop, name, `a ${apiKindName(apiKind)} stage name is 1 to 128 letters, digits, - and _`, fix);
  }
}
