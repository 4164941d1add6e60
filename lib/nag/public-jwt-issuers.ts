/**
 * JWT issuers that issue tokens to anyone, for any audience the holder asks for: a token from one of
 * these proves only that its holder has an account (or a CI job) there. Each comes with the claims
 * that narrow it to the callers meant, and the source that documents them.
 */
export interface PublicJwtIssuer {
  /** The `iss` claim, as the issuer writes it. */
  readonly issuer: string;
  /** Who the issuer is, for messages. */
  readonly name: string;
  /** Claims that narrow the issuer's tokens to the callers meant (any one of them, with a value). */
  readonly constrainingClaims: readonly string[];
  /** Where the issuer documents these claims, and that the holder chooses the audience. */
  readonly source: string;
}

export const PUBLIC_JWT_ISSUERS: readonly PublicJwtIssuer[] = [
  {
    // Any workflow of any repository on GitHub can request a token, with the audience it chooses (core.getIDToken(audience)).
    issuer: 'https://token.actions.githubusercontent.com',
    name: 'GitHub Actions',
    constrainingClaims: ['sub', 'repository', 'repository_id', 'repository_owner', 'repository_owner_id', 'job_workflow_ref'],
    source: 'https://docs.github.com/en/actions/reference/security/oidc',
  },
  {
    // Any CI job of any project on GitLab.com can request an ID token, with the audience it chooses (id_tokens: aud).
    issuer: 'https://gitlab.com',
    name: 'GitLab CI (GitLab.com)',
    constrainingClaims: ['sub', 'project_path', 'project_id', 'namespace_path', 'namespace_id'],
    source: 'https://docs.gitlab.com/ci/secrets/id_token_authentication/',
  },
  {
    // Any Google account signs in to any client, and any Google Cloud service account can mint an ID token for any audience.
    issuer: 'https://accounts.google.com',
    name: 'Google',
    constrainingClaims: ['hd', 'email', 'sub'],
    source: 'https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken, https://cloud.google.com/docs/authentication/get-id-token',
  },
  {
    issuer: 'accounts.google.com',
    name: 'Google',
    constrainingClaims: ['hd', 'email', 'sub'],
    source: 'https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken',
  },
];

/** The public issuer an `iss` value names (a trailing `/` and the host's case ignored), if any. */
export function publicJwtIssuer(issuer: string): PublicJwtIssuer | undefined {
  const normalized = issuer.trim().replace(/\/+$/, '').toLowerCase();
  return PUBLIC_JWT_ISSUERS.find((known) => known.issuer === normalized);
}
