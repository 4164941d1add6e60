/**
 * The environment variable the Portcullis JWT authorizer function reads its configuration from
 * (`lambda/jwt-authorizer/config.ts` has the same name; test/lambda pins the two together). Shared by
 * the construct that writes it and the rule pack that reads it.
 */
export const JWT_AUTHORIZER_CONFIG_VARIABLE = 'PORTCULLIS_JWT_AUTHORIZER';
