/**
 * Loopback fixtures for the JWT authorizer: a self-signed TLS certificate, a real OpenID provider
 * (oidc-provider) in a child process, and the bundled handler hosted in another child process that
 * trusts the certificate through NODE_EXTRA_CA_CERTS, the way a Lambda function trusts a private CA.
 * Nothing leaves 127.0.0.1.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { createSign, generateKeyPairSync, JsonWebKey, KeyObject, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from 'selfsigned';

export const BUNDLE = path.resolve(__dirname, '../../../assets/lambda/jwt-authorizer/index.js');
const PROVIDER_SCRIPT = path.join(__dirname, 'oidc-provider-server.mjs');
const HOST_SCRIPT = path.join(__dirname, 'handler-host.js');

export interface Tls {
  readonly keyPem: string;
  readonly certPem: string;
  /** The certificate in a file, for NODE_EXTRA_CA_CERTS. */
  readonly certFile: string;
}

/** A self-signed certificate for 127.0.0.1, made for this run. */
export async function makeTls(dir: string): Promise<Tls> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  } as never);
  const certFile = path.join(dir, 'loopback-ca.pem');
  fs.writeFileSync(certFile, pems.cert);
  return { keyPem: pems.private, certPem: pems.cert, certFile };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-jwt-'));
}

/** A signing key: private key object and its private JWK (with kid and alg) for the provider. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly privateJwk: JsonWebKey;
}

export function makeKey(alg: 'RS256' | 'ES256', kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`): SigningKey {
  const { privateKey, publicKey } = alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, privateKey, publicKey, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** A JWT signed with `key`, for the cases a provider will not issue (expired, not yet valid, forged). */
export function signJwt(key: SigningKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64url(JSON.stringify({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header }))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('SHA256').update(input).sign({ key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

export function encodeUnsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
}

export function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

export function decodeHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

function request(url: string, tls: Tls, options: https.RequestOptions = {}, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ca: tls.certPem, ...options }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A running OpenID provider. */
export class OidcProvider {
  /** Starts one; `port` reuses a port (a restart with rotated keys keeps the issuer). */
  public static async start(tls: Tls, keys: SigningKey[], port?: number): Promise<OidcProvider> {
    const child = spawn(process.execPath, [PROVIDER_SCRIPT, JSON.stringify({
      port, keyPem: tls.keyPem, certPem: tls.certPem, jwks: { keys: keys.map((k) => k.privateJwk) },
    })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => { stderr += chunk; });
    const actualPort = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        const match = /ready (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${stderr}`)));
    });
    return new OidcProvider(child, tls, actualPort);
  }

  public readonly issuer: string;
  public readonly jwksUri: string;

  private constructor(private readonly child: ChildProcess, private readonly tls: Tls, public readonly port: number) {
    this.issuer = `https://127.0.0.1:${port}`;
    this.jwksUri = `${this.issuer}/jwks`;
  }

  /** An access token from the client credentials grant (RS256 for 'rs-client', ES256 for 'es-client'). */
  public async token(clientId: 'rs-client' | 'es-client' | 'id-client', scope = 'orders/read',
    resource = 'https://api.example.com'): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope, resource }).toString();
    const res = await request(`${this.issuer}/token`, this.tls, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'authorization': `Basic ${Buffer.from(`${clientId}:${clientId}-secret`).toString('base64')}`,
      },
    }, body);
    if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.body}`);
    return JSON.parse(res.body).access_token;
  }

  /** How many times the JWKS has been fetched from this process. */
  public async jwksCount(): Promise<number> {
    return Number((await request(`${this.issuer}/__jwks-count`, this.tls)).body);
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

/** The bundled handler in its own process (a fresh "container"), configured through its environment. */
export class HandlerHost {
  public static async start(config: unknown, tls: Tls, bundle = BUNDLE): Promise<HandlerHost> {
    const child = fork(HOST_SCRIPT, [bundle], {
      env: {
        PATH: process.env.PATH,
        PORTCULLIS_JWT_AUTHORIZER: JSON.stringify(config),
        NODE_EXTRA_CA_CERTS: tls.certFile,
        AWS_LAMBDA_FUNCTION_NAME: 'jwt-authorizer-test',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const host = new HandlerHost(child);
    host.loadMs = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { loadMs: number }) => resolve(m.loadMs));
      child.once('exit', (code) => reject(new Error(`handler host exited (${code}): ${host.output}`)));
    });
    return host;
  }

  /** Milliseconds spent loading the bundle. */
  public loadMs = 0;
  /** What the handler wrote to stdout and stderr. */
  public output = '';
  private nextId = 0;
  private readonly pending = new Map<number, (m: { result?: unknown; error?: string; message?: string; ms: number }) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => { this.output += chunk; });
    child.stderr!.on('data', (chunk) => { this.output += chunk; });
    child.on('message', (m: { id?: number; result?: unknown; error?: string; message?: string; ms: number }) => {
      if (m.id === undefined) return;
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }

  /** Invokes the handler; rejects if it throws (a handler that throws would make API Gateway answer 500). */
  public invoke<T = Record<string, unknown>>(event: unknown): Promise<{ result: T; ms: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error !== undefined ? reject(new Error(m.error)) : resolve({ result: m.result as T, ms: m.ms })));
      this.child.send({ id, event });
    });
  }

  /**
   * What API Gateway makes of the handler's answer to `event`, as its documentation describes it:
   * HTTP API simple responses `isAuthorized: true` → 'allow', false → 403, a thrown error → 500; REST
   * and WebSocket an Allow policy → 'allow', a Deny policy → 403, an error with exactly the message
   * `Unauthorized` → 401, any other error → 500. `ms` is the handler's own time.
   */
  public answer(event: unknown): Promise<{ status: 'allow' | 401 | 403 | 500; ms: number; result?: Record<string, unknown> }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (m) => {
        if (m.error !== undefined) {
          resolve({ status: m.message === 'Unauthorized' && typeof (event as { methodArn?: unknown }).methodArn === 'string' ? 401 : 500, ms: m.ms });
          return;
        }
        const result = m.result as Record<string, unknown>;
        const allowed = 'isAuthorized' in result ? result.isAuthorized === true
          : (result.policyDocument as { Statement: { Effect: string }[] }).Statement.every((s) => s.Effect === 'Allow');
        resolve({ status: allowed ? 'allow' : 403, ms: m.ms, result });
      });
      this.child.send({ id, event });
    });
  }

  /**
   * Times a baseline in the handler's process, one call per message like an invocation: `floor` is
   * Node's `crypto.verify` of the token's signature, `library` is aws-jwt-verify's `verifySync` with the
   * JWKS already cached, checking the issuer, `audience` and `scope`. Returns the milliseconds the call took.
   */
  public baseline(kind: 'floor' | 'library', token: string, jwk: JsonWebKey, checks: { audience: string; scope: string[] }): Promise<number> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error !== undefined || m.result !== true ? reject(new Error(m.error ?? `${kind} did not verify`)) : resolve(m.ms)));
      this.child.send({ id, [kind]: { token, jwk, ...checks } });
    });
  }

  /** How many JwksUnavailable metric lines the handler has written (after its output pipe drained). */
  public async issuerFaults(): Promise<number> {
    return this.metricLines('JwksUnavailable');
  }

  /** How many Unauthorized metric lines (401 answers) the handler has written. */
  public async unauthorizedCount(): Promise<number> {
    return this.metricLines('Unauthorized');
  }

  private async metricLines(name: string): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 150));
    return this.output.split('\n').filter((line) => line.includes(`"${name}":1`)).length;
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }
}

/** A TCP server that accepts connections and never answers: a hanging JWKS endpoint. */
export async function hangingServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => { sockets.add(socket); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => resolve());
    }),
  };
}

/** A port on which nothing listens: a JWKS endpoint that is down. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The audience the handler tests configure and sign their tokens for. */
export const AUDIENCE = 'https://api.example.com';

/** Seconds since the epoch, as JWT time claims count. */
export const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Claims of an access token `issuer` issues that the tests' configuration accepts (audience
 * AUDIENCE, scope `orders/read`, tenant `acme`, valid for five minutes); `more` changes one aspect.
 */
export function accessTokenClaims(issuer: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: issuer,
    aud: AUDIENCE,
    sub: 'user-1',
    client_id: 'rs-client',
    scope: 'orders/read',
    token_use: 'access',
    tenant: 'acme',
    iat: now() - 10,
    exp: now() + 300,
    ...more,
  };
}

/** Events of the three API kinds carrying `token` the way each sends it. */
export const events = {
  http: (token: string, scheme = 'Bearer') => ({
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders',
    identitySource: [`${scheme} ${token}`],
    headers: { authorization: `${scheme} ${token}` },
  }),
  restToken: (token: string, scheme = 'Bearer') => ({
    type: 'TOKEN', authorizationToken: `${scheme} ${token}`, methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42',
  }),
  restRequest: (token: string, scheme = 'Bearer') => ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/orders',
    headers: { Authorization: `${scheme} ${token}` },
    queryStringParameters: {},
  }),
  /** WebSocket `$connect` with the token in the Authorization header (the default token source). */
  webSocketHeader: (token: string, scheme = 'Bearer') => ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/prod/$connect',
    headers: { Authorization: `${scheme} ${token}` },
    queryStringParameters: {},
    requestContext: { eventType: 'CONNECT', routeKey: '$connect' },
  }),
  webSocketConnect: (token: string) => ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:ws9876/prod/$connect',
    headers: {},
    queryStringParameters: { token },
    requestContext: { eventType: 'CONNECT', routeKey: '$connect' },
  }),
};
