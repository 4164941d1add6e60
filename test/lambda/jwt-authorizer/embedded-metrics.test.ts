/**
 * The JWT authorizer's custom metrics (lambda/jwt-authorizer/embedded-metrics.ts), called directly:
 * each count is one CloudWatch embedded-metric JSON line on stdout.
 */
import {
  METRIC_NAME, METRIC_NAMESPACE, recordIssuerFault, recordUnauthorized, UNAUTHORIZED_METRIC_NAME,
} from '../../../lambda/jwt-authorizer/embedded-metrics';

function written(record: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    record();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

const line = (name: string, functionName: string, timestamp: number) => JSON.stringify({
  _aws: {
    Timestamp: timestamp,
    CloudWatchMetrics: [{ Namespace: 'Portcullis/JwtAuthorizer', Dimensions: [['FunctionName']], Metrics: [{ Name: name, Unit: 'Count' }] }],
  },
  FunctionName: functionName,
  [name]: 1,
}) + '\n';

const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  jest.restoreAllMocks();
});

test('the metric names', () => {
  expect([METRIC_NAMESPACE, METRIC_NAME, UNAUTHORIZED_METRIC_NAME]).toEqual(['Portcullis/JwtAuthorizer', 'JwksUnavailable', 'Unauthorized']);
});

test('an issuer fault is one JwksUnavailable line, dimensioned by the function name', () => {
  process.env.AWS_LAMBDA_FUNCTION_NAME = 'my-authorizer';
  jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
  expect(written(recordIssuerFault)).toEqual([line('JwksUnavailable', 'my-authorizer', 1_700_000_000_000)]);
});

test('an Unauthorized answer is one Unauthorized line; outside Lambda the function is "local"', () => {
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  jest.spyOn(Date, 'now').mockReturnValue(1_700_000_000_123);
  expect(written(recordUnauthorized)).toEqual([line('Unauthorized', 'local', 1_700_000_000_123)]);
});
