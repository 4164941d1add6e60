import { IConstruct } from 'constructs';
import { invalidProp, isUnresolved } from './validation';

/** The stage that serves an HTTP or WebSocket API at the root of its URL. */
export const DEFAULT_STAGE_NAME = '$default';

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** A stage name API Gateway accepts: `$default`, or 1 to 128 letters, digits, `-` and `_`. */
export function checkStageName(scope: IConstruct, prop: string, name: string): void {
  if (isUnresolved(name) || name === DEFAULT_STAGE_NAME) return;
  if (typeof name !== 'string' || !STAGE_NAME.test(name)) {
    invalidProp(scope, prop, name, 'must be $default or 1 to 128 letters, digits, - and _',
      "use e.g. 'prod' or 'v1', or leave it out for $default");
  }
}
