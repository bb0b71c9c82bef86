import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
  /** Where the embedded database, TLS files and key store live. */
  dataDir: string;
  host: string;
  port: number;
  /** The URL users and issued certificates refer to. */
  publicUrl: string;
  logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** How long in-flight requests may run after SIGTERM before the process gives up. */
  shutdownTimeoutMs: number;
  /** PEM files of the HTTPS certificate and key; absent means "generate a self-signed pair in dataDir". */
  tls: { certFile: string; keyFile: string } | undefined;
  /** PostgreSQL connection string; absent means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
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
  PODPIS_PUBLIC_URL: 'external base URL; default https://localhost:<port>',
  PODPIS_LOG_LEVEL: `log level: ${LOG_LEVELS.join('|')}; default info`,
  PODPIS_BODY_LIMIT: 'largest request body: bytes, or with a KiB/MiB suffix; default 10MiB',
  PODPIS_SHUTDOWN_TIMEOUT_MS: 'grace period for in-flight requests on SIGTERM, ms; default 10000',
  PODPIS_TLS_CERT: 'PEM file of the HTTPS certificate chain (with PODPIS_TLS_KEY); default: self-signed in the data dir',
  PODPIS_TLS_KEY: 'PEM file of the HTTPS private key (with PODPIS_TLS_CERT)',
  DATABASE_URL: 'postgres://… connection string; default: embedded PGlite in the data dir',
};

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw)}: expected an integer ${min}..${max}`);
  }
  return Number(raw);
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

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

function oneOf<T extends string>(env: Env, name: string, accepted: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const found = accepted.find((a) => a === raw.toLowerCase());
  if (found === undefined) {
    throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw)}: expected one of ${accepted.join(', ')}`);
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
    throw new ConfigError(name, `invalid ${name}: expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function existingFile(env: Env, name: string, cwd: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const path = resolve(cwd, raw);
  if (!existsSync(path)) throw new ConfigError(name, `invalid ${name}=${JSON.stringify(raw)}: expected an existing file`);
  return path;
}

/**
 * Reads and validates the environment. Throws ConfigError naming the first
 * invalid variable and what it accepts; returns warnings for unknown
 * PODPIS_* variables (usually typos) instead of failing on them.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): { config: Config; warnings: string[] } {
  const port = integer(env, 'PODPIS_PORT', 8443, 0, 65535);
  const host = value(env, 'PODPIS_HOST') ?? 'localhost';
  const certFile = existingFile(env, 'PODPIS_TLS_CERT', cwd);
  const keyFile = existingFile(env, 'PODPIS_TLS_KEY', cwd);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? 'PODPIS_TLS_CERT' : 'PODPIS_TLS_KEY';
    throw new ConfigError(missing, `missing ${missing}: PODPIS_TLS_CERT and PODPIS_TLS_KEY must be set together`);
  }
  const config: Config = {
    dataDir: resolve(cwd, value(env, 'PODPIS_DATA_DIR') ?? 'data'),
    host,
    port,
    publicUrl: (url(env, 'PODPIS_PUBLIC_URL', ['https:']) ?? `https://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: oneOf(env, 'PODPIS_LOG_LEVEL', LOG_LEVELS, 'info'),
    bodyLimit: byteSize(env, 'PODPIS_BODY_LIMIT', 10 * 1024 * 1024),
    shutdownTimeoutMs: integer(env, 'PODPIS_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 3_600_000),
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
  };
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('PODPIS_') && !(name in CONFIG_VARIABLES))
    .map((name) => `unknown variable ${name} ignored (known: ${Object.keys(CONFIG_VARIABLES).join(', ')})`);
  return { config, warnings };
}
