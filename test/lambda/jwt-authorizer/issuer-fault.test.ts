/**
 * Which verification failures are the issuer's (lambda/jwt-authorizer/issuer-fault.ts), called
 * directly with aws-jwt-verify's error classes.
 */
import {
  FetchError, JwkValidationError, JwksNotAvailableInCacheError, JwksValidationError, JwtExpiredError, KidNotFoundInJwksError,
  NonRetryableFetchError,
} from 'aws-jwt-verify/error';
import { isIssuerFault } from '../../../lambda/jwt-authorizer/issuer-fault';
import { JwksBackoffError } from '../../../lambda/jwt-authorizer/jwks-fetcher';

test.each([
  ['FetchError', new FetchError('https://issuer/jwks', 'down')],
  ['NonRetryableFetchError', new NonRetryableFetchError('https://issuer/jwks', 'status 500')],
  ['JwksBackoffError', new JwksBackoffError('https://issuer/jwks', 'backing off')],
  ['JwksValidationError', new JwksValidationError('no keys')],
  ['JwkValidationError', new JwkValidationError('bad key')],
  ['JwksNotAvailableInCacheError', new JwksNotAvailableInCacheError('stale')],
])('%s is the issuer\'s fault', (_name, err) => {
  expect(isIssuerFault(err)).toBe(true);
});

test.each([
  ['an expired token', new JwtExpiredError('expired', 1)],
  ['an unknown key id', new KidNotFoundInJwksError('kid')],
  ['any other error', new Error('x')],
  ['not an error', 'FetchError'],
])('%s is not', (_name, err) => {
  expect(isIssuerFault(err)).toBe(false);
});
