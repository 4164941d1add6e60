// A real OpenID provider (the oidc-provider package) on loopback over HTTPS, for the JWT authorizer
// tests. Run as a child process (oidc-provider is an ES module): argv[2] is a JSON options object
// { port, keyPem, certPem, jwks }. Prints "ready <port>" once listening. GET /__jwks-count answers how
// many times the JWKS was fetched.
import https from 'node:https';
import Provider from 'oidc-provider';

const options = JSON.parse(process.argv[2]);
const RESOURCES = ['https://api.example.com', 'https://other.example.com'];
const SCOPES = 'orders/read orders/write other/thing';
// An issuer with EC keys only signs everything ES256.
const hasRsa = options.jwks.keys.some((k) => k.kty === 'RSA');
const algFor = (clientId) => (clientId === 'es-client' || !hasRsa ? 'ES256' : 'RS256');
const client = (id) => ({
  client_id: id, client_secret: `${id}-secret`, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
  id_token_signed_response_alg: algFor(id),
});

const server = https.createServer({ key: options.keyPem, cert: options.certPem });
server.listen(options.port ?? 0, '127.0.0.1', () => {
  const port = server.address().port;
  const issuer = `https://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    jwks: options.jwks,
    clients: [client('rs-client'), client('es-client'), client('id-client')],
    cookies: { keys: ['test-only-cookie-key'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCES[0],
        getResourceServerInfo: (ctx, resource, c) => {
          if (!RESOURCES.includes(resource)) throw new Error(`unknown resource ${resource}`);
          return {
            scope: SCOPES,
            audience: resource,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: algFor(c.clientId) } },
          };
        },
      },
    },
    extraTokenClaims: (ctx, token) => ({ token_use: token.clientId === 'id-client' ? 'id' : 'access' }),
  });
  provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error', err));
  const callback = provider.callback();
  let jwksCount = 0;
  server.on('request', (req, res) => {
    if (req.url === '/__jwks-count') {
      res.end(String(jwksCount));
      return;
    }
    if (req.url.startsWith('/jwks')) jwksCount++;
    callback(req, res);
  });
  console.log(`ready ${port}`);
});
