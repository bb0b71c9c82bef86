import { hostname } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { DEFAULT_PUBLIC_SIGNING_LIMITS, type PublicSigningLimits } from '../core/signing-rate-limit.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export type LogFormat = 'json' | 'pretty';
const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
  /** Where the embedded database, TLS files and key store live. */
  dataDir: string;
  host: string;
  port: number;
  /** The URL users and issued certificates refer to. */
  publicUrl: string;
  /** Port of the plain-HTTP listener that serves only /pki/* (CRLs, CA certificates, OCSP); 0 picks a free one. */
  httpPort: number;
  /** Base URL written into certificates for CRLs, OCSP and CA certificates; absent: http://localhost:<httpPort>. */
  pkiUrl: string | undefined;
  logLevel: LogLevel;
  /** JSON lines or readable ones; absent: readable when stdout is a terminal. */
  logFormat?: LogFormat;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** How long in-flight requests may run after SIGTERM before the process gives up. */
  shutdownTimeoutMs: number;
  /**
   * How long a node keeps serving after SIGTERM while `/ready` already
   * answers 503, so a load balancer's health check takes it out first.
   */
  drainMs: number;
  /** How often each node looks whether a CRL (and the audit checkpoint) is due. */
  crlCheckIntervalSeconds: number;
  /**
   * Bulk jobs (HR imports): items per transaction (absent: each kind's own,
   * 500 rows of an import) and a rest between batches, so a big
   * import leaves the database — PGlite has one connection — to the office.
   */
  bulkJobs: { batchSize?: number; restMs: number };
  /** PEM files of the HTTPS certificate and key; absent means "generate a self-signed pair in dataDir". */
  tls: { certFile: string; keyFile: string } | undefined;
  /** PostgreSQL connection string; absent means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  /**
   * The software key store: its master key (absent: `<dataDir>/keys/master.key`) and PIN attempts
   * before a key locks; `pkcs11`: a PKCS#11 token offered as a second store for users' keys.
   */
  keyStore: { masterKey: Uint8Array | undefined; maxPinAttempts: number; pkcs11?: Pkcs11Config };
  /** Password, lockout, login rate-limit and session policy (M3.4). */
  auth: AuthConfig;
  /** Uploaded documents (signing): the largest accepted, and how long one is kept unless deleted sooner. */
  documents: DocumentsConfig;
  /**
   * Host names of the Web Push services a device may subscribe with (a
   * subdomain of one counts): the server posts to whatever endpoint a
   * device names, so any other host would let a device make it reach
   * inside the network.
   */
  pushServices: readonly string[];
  /** Time stamps and fresh OCSP responses signed per second, per client address and per node. */
  publicSigning: PublicSigningLimits;
  /**
   * Webhooks: the host names, addresses and CIDRs (PODPIS_WEBHOOK_ALLOWED_HOSTS)
   * a subscription may name although they are internal (loopback, private,
   * link-local, …), and the only ones plain http:// may go to.
   */
  webhooks: { allowedHosts: readonly string[] };
  /** This node's name among several sharing the database (job lease holder, logs); default host:pid. */
  nodeId: string;
  /** HR imports: how long finished bulk jobs keep their raw rows; whether pulls may use http:// to loopback. */
  hr: HrConfig;
  /**
   * `/metrics` (Prometheus): served only when a bearer token is set, and
   * only to requests that present it; absent, the route does not exist.
   */
  metrics: { token: string | undefined };
}

/** The push services of Chrome and Android, Firefox, Safari and Edge. */
export const DEFAULT_PUSH_SERVICES: readonly string[] = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'push.services.mozilla.com',
  'push.apple.com',
  'notify.windows.com',
];

export interface HrConfig {
  /** Days after which the inputs (raw HR rows) of a finished bulk job's items are erased. */
  bulkItemRetentionDays: number;
  /** Scheduled HR pulls may use plain http://, to loopback addresses only (tests, a local proxy). */
  pullAllowHttp: boolean;
}

export interface DocumentsConfig {
  /** Largest document `POST /api/v1/documents` accepts, in bytes. */
  limit: number;
  /** Seconds a document, and a finished signing operation, is kept. */
  retentionSeconds: number;
}

/** The PKCS#11 token the server opens at start (PODPIS_PKCS11_*). */
export interface Pkcs11Config {
  /** Absolute path of the PKCS#11 module (shared library), e.g. /usr/lib/softhsm/libsofthsm2.so. */
  module: string;
  tokenLabel: string;
  /** The token's user PIN (CKU_USER), from PODPIS_PKCS11_PIN or the file PODPIS_PKCS11_PIN_FILE names. */
  pin: string;
}

export interface AuthConfig {
  passwordMinLength: number;
  /** Consecutive wrong passwords before the account locks for `lockoutMinutes`. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** Login attempts per minute per client IP and per login, counted in the database (shared by all nodes). */
  loginRateLimitPerMinute: number;
  /** Requests per minute to the OAuth token, introspection and revocation endpoints per client id (HTTP Basic) and per client IP. */
  oauthTokenRateLimit: { perClient: number; perIp: number };
  sessionTtlMinutes: number;
  /** log2 of scrypt's cost N for new password hashes. */
  scryptLogN: number;
  /** Days a temporary password of a bulk-created user works before it must be delivered and changed. */
  temporaryPasswordDays: number;
}

/** Thrown for an invalid environment; the CLI prints its message and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** The variables loadConfig understands, with a one-line description each (for --help and docs). */
export const CONFIG_VARIABLES: Readonly<Record<string, string>> = {
  PODPIS_DATA_DIR: 'data directory (embedded database, TLS files, key store); default ./data',
  PODPIS_HOST: 'address to listen on; default localhost (use 0.0.0.0 to serve other machines)',
  PODPIS_PORT: 'HTTPS port, 0..65535 (0 picks a free port); default 8443',
  PODPIS_HTTP_PORT: 'plain-HTTP port for /pki/* (CRL, OCSP, CA certificates), 0..65535; default 8080',
  PODPIS_PKI_URL:
    'http:// base URL written into certificates for CRL, OCSP and CA certificates; default http://localhost:<http port>',
  PODPIS_PUBLIC_URL: 'external base URL; default https://localhost:<port>',
  PODPIS_LOG_LEVEL: `log level: ${LOG_LEVELS.join('|')}; default info`,
  PODPIS_LOG_FORMAT: `log format: ${LOG_FORMATS.join('|')}; default pretty when stdout is a terminal, else json`,
  PODPIS_BODY_LIMIT: 'largest request body: bytes, or with a KiB/MiB suffix; default 10MiB',
  PODPIS_DOCUMENT_LIMIT: 'largest uploaded document: bytes, or with a KiB/MiB/GiB suffix; default 1GiB',
  PODPIS_DOCUMENT_RETENTION:
    'how long uploaded documents and finished signing operations are kept: seconds, or with an s/m/h/d suffix; default 24h',
  PODPIS_SHUTDOWN_TIMEOUT_MS: 'grace period for in-flight requests on SIGTERM, ms; default 10000',
  PODPIS_DRAIN_MS:
    'on SIGTERM, how long /ready answers 503 while requests are still served (longer than the load balancer needs to mark the node down), ms, 0..600000; default 0',
  PODPIS_CRL_CHECK_INTERVAL:
    'how often each node checks whether CRLs and the audit checkpoint are due: seconds, 1..86400; default 900',
  PODPIS_BULK_BATCH_SIZE:
    "items a bulk job does per transaction, 1..10000; default each kind's own (500 rows of an HR import)",
  PODPIS_BULK_REST_MS:
    'rest between two batches of a bulk job, leaving the database to other work, ms, 0..10000; default 0',
  PODPIS_TLS_CERT:
    'PEM file of the HTTPS certificate chain (with PODPIS_TLS_KEY); default: self-signed in the data dir',
  PODPIS_TLS_KEY: 'PEM file of the HTTPS private key (with PODPIS_TLS_CERT)',
  PODPIS_MASTER_KEY:
    'key store master key, base64 of 32 bytes; default: <data dir>/keys/master.key, created at first start',
  PODPIS_KEY_PIN_ATTEMPTS: 'consecutive wrong key PINs before a key locks, 1..100; default 5',
  PODPIS_PKCS11_MODULE:
    "PKCS#11 module (shared library) of a token offered as a second key store for users' keys; default: none",
  PODPIS_PKCS11_TOKEN_LABEL: 'label of that token (with PODPIS_PKCS11_MODULE), 1..32 characters',
  PODPIS_PKCS11_PIN: "the token's user PIN (with PODPIS_PKCS11_MODULE; or PODPIS_PKCS11_PIN_FILE)",
  PODPIS_PKCS11_PIN_FILE: "file holding the token's user PIN (one line), instead of PODPIS_PKCS11_PIN",
  PODPIS_PASSWORD_MIN_LENGTH:
    'shortest accepted user password (letters and digits required), 8..128; default 8',
  PODPIS_LOGIN_MAX_FAILURES: 'consecutive wrong passwords before an account locks, 1..100; default 5',
  PODPIS_LOGIN_LOCKOUT_MINUTES: 'how long such a lock lasts, minutes, 1..10080; default 15',
  PODPIS_LOGIN_RATE_LIMIT: 'login attempts per minute per client IP and per login, 1..10000; default 20',
  PODPIS_SESSION_TTL_MINUTES: 'lifetime of a login session, minutes, 5..10080; default 480',
  PODPIS_PUSH_SERVICES: `comma-separated host names of the Web Push services devices may use (subdomains count); default ${DEFAULT_PUSH_SERVICES.join(',')}`,
  PODPIS_SIGNING_RATE_PER_CLIENT: `time stamps and fresh OCSP responses (nonce) signed per second for one client address, beyond which 429; 1..100000; default ${DEFAULT_PUBLIC_SIGNING_LIMITS.perClient}`,
  PODPIS_SIGNING_RATE_PER_NODE: `the same for all clients of one node together, which keeps its CPU for the office; 1..100000; default ${DEFAULT_PUBLIC_SIGNING_LIMITS.perNode}`,
  PODPIS_WEBHOOK_ALLOWED_HOSTS:
    'comma-separated host names, IP addresses or CIDRs webhooks may reach although internal (loopback, private, link-local…), and the only ones allowed over plain http://; default none',
  PODPIS_SCRYPT_COST: 'log2 of the scrypt cost N for password hashes, 14..20; default 15',
  PODPIS_BULK_ITEM_RETENTION_DAYS:
    "days after which finished bulk jobs' rows (raw HR data: SNILS, INN…) and undelivered temporary passwords are erased, keeping each row's outcome, 1..3650; default 30",
  PODPIS_HR_PULL_ALLOW_HTTP:
    'true: scheduled HR pulls may use plain http:// to loopback addresses (tests, a local TLS proxy); default false: https:// only',
  PODPIS_BACKUP_PASSPHRASE:
    'passphrase of the archives `podpis backup` writes and `podpis restore` reads (the CLI only; or --passphrase-file), 12 characters or more',
  PODPIS_TEMPORARY_PASSWORD_DAYS:
    'days the temporary password of a user a bulk job (HR import) created works, 1..365; default 14',
  PODPIS_NODE_ID:
    "this node's name among several sharing one database (job leases, logs), 1..100 of A-Z a-z 0-9 . _ : -; default <host name>:<process id>",
  PODPIS_METRICS_TOKEN:
    'bearer token Prometheus presents to scrape /metrics, at least 32 characters; default: no /metrics at all',
  DATABASE_URL: 'postgres://… connection string; default: embedded PGlite in the data dir',
};

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function hostNames(env: Env, name: string): string[] | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((host) => host.trim().toLowerCase());
  const bad = names.find(
    (host) =>
      !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(host),
  );
  if (bad !== undefined) {
    throw new ConfigError(
      name,
      `invalid ${name}: "${bad}" is not a host name (expected e.g. fcm.googleapis.com,push.apple.com)`,
    );
  }
  return names;
}

/** Host names, IP addresses and CIDRs (e.g. `hooks.corp.local,10.1.2.0/24,::1`), lower case. */
function hostsAndNetworks(env: Env, name: string): string[] {
  const raw = value(env, name);
  if (raw === undefined) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const validNetwork =
      family !== 0 &&
      extra === undefined &&
      (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)));
    const validName =
      prefix === undefined &&
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(
        address,
      );
    if (!validNetwork && !validName) {
      throw new ConfigError(
        name,
        `invalid ${name}: "${entry}" is neither a host name, an IP address nor a CIDR (expected e.g. hooks.corp.local,10.1.2.0/24)`,
      );
    }
  }
  return entries;
}

function nodeId(env: Env): string {
  const raw = value(env, 'PODPIS_NODE_ID');
  if (raw === undefined) return `${hostname()}:${process.pid}`;
  if (!/^[A-Za-z0-9._:-]{1,100}$/.test(raw)) {
    throw new ConfigError(
      'PODPIS_NODE_ID',
      `invalid PODPIS_NODE_ID=${JSON.stringify(raw)}: expected 1..100 of A-Z a-z 0-9 . _ : -, e.g. podpis-1`,
    );
  }
  return raw;
}

/** Long enough not to be guessed; never echoed back in the error. */
function metricsToken(env: Env): string | undefined {
  const raw = value(env, 'PODPIS_METRICS_TOKEN');
  if (raw === undefined) return undefined;
  if (raw.length < 32 || /\s/.test(raw)) {
    throw new ConfigError(
      'PODPIS_METRICS_TOKEN',
      'invalid PODPIS_METRICS_TOKEN: expected at least 32 characters without spaces (e.g. openssl rand -hex 32)',
    );
  }
  return raw;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw)}: expected an integer ${min}..${max}`);
  }
  return Number(raw);
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  B: 1,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

function byteSize(env: Env, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*([a-zA-Z]*)$/.exec(raw);
  const unit = SIZE_UNITS[match?.[2]?.toUpperCase() ?? '?'];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1024) {
    throw new ConfigError(
      name,
      `invalid ${name}=${JSON.stringify(raw)}: expected a size of at least 1024 bytes, e.g. 1048576, 512KiB or 10MiB`,
    );
  }
  return bytes;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { '': 1, S: 1, M: 60, H: 3600, D: 86400 };

/** Seconds, given as a number of seconds or with an s/m/h/d suffix; at least a minute, at most a year. */
function duration(env: Env, name: string, fallback: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*([a-zA-Z]?)$/.exec(raw);
  const unit = DURATION_UNITS[match?.[2]?.toUpperCase() ?? '?'];
  const seconds = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 60 || seconds > 366 * 86400) {
    throw new ConfigError(
      name,
      `invalid ${name}=${JSON.stringify(raw)}: expected a duration from 60 seconds to a year, e.g. 3600, 90m, 24h or 7d`,
    );
  }
  return seconds;
}

/** The PODPIS_DOCUMENT_* variables; `loadDocumentsConfig({})` gives the defaults. */
export function loadDocumentsConfig(env: Env): DocumentsConfig {
  return {
    limit: byteSize(env, 'PODPIS_DOCUMENT_LIMIT', 1024 ** 3),
    retentionSeconds: duration(env, 'PODPIS_DOCUMENT_RETENTION', 24 * 3600),
  };
}

function oneOf<T extends string>(env: Env, name: string, accepted: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const found = accepted.find((a) => a === raw.toLowerCase());
  if (found === undefined) {
    throw new ConfigError(
      name,
      `invalid ${name}=${JSON.stringify(raw)}: expected one of ${accepted.join(', ')}`,
    );
  }
  return found;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !protocols.includes(parsed.protocol)) {
    // The raw value may hold a database password, so it is not echoed.
    throw new ConfigError(
      name,
      `invalid ${name}: expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
  }
  return raw;
}

function existingFile(env: Env, name: string, cwd: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const path = resolve(cwd, raw);
  if (!existsSync(path))
    throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw)}: expected an existing file`);
  return path;
}

function masterKey(env: Env, name: string): Uint8Array | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const key = Buffer.from(raw, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || key.length !== 32) {
    // A secret: never echoed.
    throw new ConfigError(
      name,
      `invalid ${name}: expected 32 bytes in base64 (e.g. from \`openssl rand -base64 32\`)`,
    );
  }
  return new Uint8Array(key);
}

function readSecretFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(
      name,
      `invalid ${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

const PKCS11_VARIABLES = [
  'PODPIS_PKCS11_TOKEN_LABEL',
  'PODPIS_PKCS11_PIN',
  'PODPIS_PKCS11_PIN_FILE',
] as const;

/**
 * The PODPIS_PKCS11_* variables: none set means no token; a module needs
 * its token's label and exactly one of the PIN or a PIN file. Whether the
 * module loads and the token is there is checked when the server opens it.
 */
function pkcs11(env: Env, cwd: string): Pkcs11Config | undefined {
  const module = existingFile(env, 'PODPIS_PKCS11_MODULE', cwd);
  if (module === undefined) {
    const stray = PKCS11_VARIABLES.find((name) => value(env, name) !== undefined);
    if (stray !== undefined)
      throw new ConfigError(
        stray,
        `${stray} is set but PODPIS_PKCS11_MODULE is not: name the token's module too`,
      );
    return undefined;
  }
  const tokenLabel = value(env, 'PODPIS_PKCS11_TOKEN_LABEL');
  if (tokenLabel === undefined || tokenLabel.length > 32) {
    throw new ConfigError(
      'PODPIS_PKCS11_TOKEN_LABEL',
      tokenLabel === undefined
        ? 'missing PODPIS_PKCS11_TOKEN_LABEL: PODPIS_PKCS11_MODULE needs the label of its token'
        : `invalid PODPIS_PKCS11_TOKEN_LABEL=${JSON.stringify(tokenLabel)}: a token label has at most 32 characters`,
    );
  }
  const pinFile = existingFile(env, 'PODPIS_PKCS11_PIN_FILE', cwd);
  const inline =
    env.PODPIS_PKCS11_PIN === undefined || env.PODPIS_PKCS11_PIN === '' ? undefined : env.PODPIS_PKCS11_PIN;
  if ((pinFile === undefined) === (inline === undefined)) {
    throw new ConfigError(
      'PODPIS_PKCS11_PIN',
      'PODPIS_PKCS11_MODULE needs the token PIN in exactly one of PODPIS_PKCS11_PIN or PODPIS_PKCS11_PIN_FILE',
    );
  }
  // A PIN may legitimately hold spaces, so only the file's line break is dropped; the value is a secret, never echoed.
  const pin = pinFile !== undefined ? readSecretFile('PODPIS_PKCS11_PIN_FILE', pinFile) : inline!;
  if (pin === '') {
    throw new ConfigError(
      'PODPIS_PKCS11_PIN_FILE',
      `invalid PODPIS_PKCS11_PIN_FILE: ${pinFile ?? ''} is empty`,
    );
  }
  return { module, tokenLabel, pin };
}

/** The PODPIS_* password, lockout and session variables; `loadAuthConfig({})` gives the defaults. */
export function loadAuthConfig(env: Env): AuthConfig {
  return {
    passwordMinLength: integer(env, 'PODPIS_PASSWORD_MIN_LENGTH', 8, 8, 128),
    maxFailedLogins: integer(env, 'PODPIS_LOGIN_MAX_FAILURES', 5, 1, 100),
    lockoutMinutes: integer(env, 'PODPIS_LOGIN_LOCKOUT_MINUTES', 15, 1, 10080),
    loginRateLimitPerMinute: integer(env, 'PODPIS_LOGIN_RATE_LIMIT', 20, 1, 10000),
    oauthTokenRateLimit: {
      perClient: integer(env, 'PODPIS_OAUTH_TOKEN_RATE_LIMIT', 600, 1, 1_000_000),
      perIp: integer(env, 'PODPIS_OAUTH_TOKEN_IP_RATE_LIMIT', 1200, 1, 1_000_000),
    },
    sessionTtlMinutes: integer(env, 'PODPIS_SESSION_TTL_MINUTES', 480, 5, 10080),
    scryptLogN: integer(env, 'PODPIS_SCRYPT_COST', 15, 14, 20),
    temporaryPasswordDays: integer(env, 'PODPIS_TEMPORARY_PASSWORD_DAYS', 14, 1, 365),
  };
}

/**
 * Reads and validates the environment. Throws ConfigError naming the first
 * invalid variable and what it accepts; returns warnings for unknown
 * PODPIS_* variables (usually typos) instead of failing on them.
 */
export function loadConfig(
  env: Env = process.env,
  cwd = process.cwd(),
): { config: Config; warnings: string[] } {
  const port = integer(env, 'PODPIS_PORT', 8443, 0, 65535);
  const host = value(env, 'PODPIS_HOST') ?? 'localhost';
  const certFile = existingFile(env, 'PODPIS_TLS_CERT', cwd);
  const keyFile = existingFile(env, 'PODPIS_TLS_KEY', cwd);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'PODPIS_TLS_CERT' : 'PODPIS_TLS_KEY';
    throw new ConfigError(
      missing,
      `missing ${missing}: PODPIS_TLS_CERT and PODPIS_TLS_KEY must be set together`,
    );
  }
  const pkcs11Config = pkcs11(env, cwd);
  const config: Config = {
    dataDir: resolve(cwd, value(env, 'PODPIS_DATA_DIR') ?? 'data'),
    host,
    port,
    publicUrl: (url(env, 'PODPIS_PUBLIC_URL', ['https:']) ?? `https://localhost:${port}`).replace(/\/+$/, ''),
    httpPort: integer(env, 'PODPIS_HTTP_PORT', 8080, 0, 65535),
    pkiUrl: url(env, 'PODPIS_PKI_URL', ['http:'])?.replace(/\/+$/, ''),
    logLevel: oneOf(env, 'PODPIS_LOG_LEVEL', LOG_LEVELS, 'info'),
    ...(value(env, 'PODPIS_LOG_FORMAT') !== undefined
      ? { logFormat: oneOf(env, 'PODPIS_LOG_FORMAT', LOG_FORMATS, 'json') }
      : {}),
    bodyLimit: byteSize(env, 'PODPIS_BODY_LIMIT', 10 * 1024 * 1024),
    shutdownTimeoutMs: integer(env, 'PODPIS_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 3_600_000),
    drainMs: integer(env, 'PODPIS_DRAIN_MS', 0, 0, 600_000),
    crlCheckIntervalSeconds: integer(env, 'PODPIS_CRL_CHECK_INTERVAL', 900, 1, 86_400),
    bulkJobs: {
      ...(value(env, 'PODPIS_BULK_BATCH_SIZE') !== undefined
        ? { batchSize: integer(env, 'PODPIS_BULK_BATCH_SIZE', 500, 1, 10_000) }
        : {}),
      restMs: integer(env, 'PODPIS_BULK_REST_MS', 0, 0, 10_000),
    },
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    keyStore: {
      masterKey: masterKey(env, 'PODPIS_MASTER_KEY'),
      maxPinAttempts: integer(env, 'PODPIS_KEY_PIN_ATTEMPTS', 5, 1, 100),
      ...(pkcs11Config ? { pkcs11: pkcs11Config } : {}),
    },
    auth: loadAuthConfig(env),
    documents: loadDocumentsConfig(env),
    pushServices: hostNames(env, 'PODPIS_PUSH_SERVICES') ?? DEFAULT_PUSH_SERVICES,
    webhooks: { allowedHosts: hostsAndNetworks(env, 'PODPIS_WEBHOOK_ALLOWED_HOSTS') },
    nodeId: nodeId(env),
    hr: {
      bulkItemRetentionDays: integer(env, 'PODPIS_BULK_ITEM_RETENTION_DAYS', 30, 1, 3650),
      pullAllowHttp: oneOf(env, 'PODPIS_HR_PULL_ALLOW_HTTP', ['true', 'false'], 'false') === 'true',
    },
    metrics: { token: metricsToken(env) },
    publicSigning: {
      perClient: integer(
        env,
        'PODPIS_SIGNING_RATE_PER_CLIENT',
        DEFAULT_PUBLIC_SIGNING_LIMITS.perClient,
        1,
        100_000,
      ),
      perNode: integer(
        env,
        'PODPIS_SIGNING_RATE_PER_NODE',
        DEFAULT_PUBLIC_SIGNING_LIMITS.perNode,
        1,
        100_000,
      ),
    },
  };
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('PODPIS_') && !(name in CONFIG_VARIABLES))
    .map((name) => `unknown variable ${name} ignored (known: ${Object.keys(CONFIG_VARIABLES).join(', ')})`);
  return { config, warnings };
}
