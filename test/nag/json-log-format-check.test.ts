import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as fc from 'fast-check';
import { isJsonObjectFormat } from '../../lib/nag/json-log-format-check';

describe('isJsonObjectFormat', () => {
  test('the aws-cdk-lib JSON formats are JSON; CLF and plain text are not', () => {
    expect(isJsonObjectFormat(AccessLogFormat.jsonWithStandardFields().toString())).toBe(true);
    expect(isJsonObjectFormat(AccessLogFormat.custom(JSON.stringify({ id: AccessLogField.contextRequestId() })).toString())).toBe(true);
    expect(isJsonObjectFormat(AccessLogFormat.clf().toString())).toBe(false);
    expect(isJsonObjectFormat('$context.requestId $context.status')).toBe(false);
    expect(isJsonObjectFormat('"$context.requestId"')).toBe(false);
    expect(isJsonObjectFormat('[$context.status]')).toBe(false);
  });

  test('numeric variables may be unquoted', () => {
    expect(isJsonObjectFormat('{"status":$context.status,"latency":$context.integration.latency,"ip":"$context.identity.sourceIp"}')).toBe(true);
    expect(isJsonObjectFormat('{"stage":"$stageVariables.name","n":$stageVariables.count}')).toBe(true);
  });

  test('any JSON object of quoted or bare context variables is JSON', () => {
    const variable = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,8}(\.[a-zA-Z][a-zA-Z0-9]{0,8}){0,2}$/).map((v) => `$context.${v}`);
    const field = fc.tuple(fc.string({ maxLength: 10 }), variable, fc.boolean());
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 8 }), (fields) => {
        const body = fields.map(([key, v, quoted]) => `${JSON.stringify(key)}:${quoted ? `"${v}"` : v}`).join(',');
        expect(isJsonObjectFormat(`{${body}}`)).toBe(true);
      }),
    );
  });

  test('a truncated JSON format is not JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (cut) => {
        const format = AccessLogFormat.jsonWithStandardFields().toString();
        const truncated = format.slice(0, Math.max(0, format.length - cut));
        expect(isJsonObjectFormat(truncated)).toBe(false);
      }),
    );
  });
});
