import { FetchError, JwkValidationError, JwksNotAvailableInCacheError, JwksValidationError } from 'aws-jwt-verify/error';

/** Whether a verification failure is the issuer's (JWKS unreachable, slow or invalid), not the token's. */
export function isIssuerFault(err: unknown): boolean {
  return err instanceof FetchError || err instanceof JwksValidationError || err instanceof JwkValidationError
    || err instanceof JwksNotAvailableInCacheError;
}
