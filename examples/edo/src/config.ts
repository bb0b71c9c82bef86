import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** How the EDO example runs and where Podpis is. Everything comes from the environment. */
export interface EdoConfig {
  host: string;
  port: number;
  /** The URL employees open; the OAuth redirect URI is `${publicUrl}/oauth/callback`. */
  publicUrl: string;
  /** The embedded PGlite database's directory. */
  dataDir: string;
  /** Podpis's origin, e.g. https://localhost:8443. */
  podpisUrl: string;
  /** PEM of the CA Podpis's TLS certificate comes from (npm start: data/tls/ca.crt); the system's CAs when absent. */
  podpisCa: string | undefined;
  /** The OAuth client Podpis's administrator registered (EDO_CLIENT_ID/SECRET, or the file --register wrote). */
  client: OAuthClient | undefined;
  /** The largest contract an employee may upload, in bytes. */
  maxUploadBytes: number;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export const ENVIRONMENT = {
  EDO_HOST: 'address to listen on; default localhost',
  EDO_PORT: 'HTTP port; default 3100 (0 picks a free one)',
  EDO_PUBLIC_URL: 'the URL employees open; default http://localhost:<port>',
  EDO_DATA_DIR: 'the example’s own PGlite database and registered client; default examples/edo/data',
  PODPIS_URL: 'Podpis’s URL; default https://localhost:8443',
  PODPIS_CA_FILE:
    'PEM CA file that Podpis’s TLS certificate chains to; default data/tls/ca.crt when it exists',
  EDO_CLIENT_ID: 'the OAuth client id; default from <data dir>/oauth-client.json (written by --register)',
  EDO_CLIENT_SECRET: 'the OAuth client secret (never logged)',
  EDO_MAX_UPLOAD_MIB: 'largest contract an employee may upload, MiB (1-7); default 5',
} as const;

const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '..', 'data');

function integer(
  env: NodeJS.ProcessEnv,
  name: keyof typeof ENVIRONMENT,
  fallback: number,
  range: [number, number],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1])
    throw new Error(`${name} must be an integer from ${range[0]} to ${range[1]}`);
  return value;
}

/** The client's file in the data directory, which `--register` writes. */
export const clientFile = (dataDir: string): string => join(dataDir, 'oauth-client.json');

function registeredClient(env: NodeJS.ProcessEnv, dataDir: string): OAuthClient | undefined {
  const clientId = env.EDO_CLIENT_ID;
  const clientSecret = env.EDO_CLIENT_SECRET;
  if (clientId && clientSecret) return { clientId, clientSecret };
  if (clientId || clientSecret) throw new Error('give both EDO_CLIENT_ID and EDO_CLIENT_SECRET, or neither');
  const file = clientFile(dataDir);
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<OAuthClient>;
  if (typeof stored.clientId !== 'string' || typeof stored.clientSecret !== 'string')
    throw new Error(`${file} does not hold clientId and clientSecret`);
  return { clientId: stored.clientId, clientSecret: stored.clientSecret };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): EdoConfig {
  const port = integer(env, 'EDO_PORT', 3100, [0, 65535]);
  const host = env.EDO_HOST || 'localhost';
  const dataDir = env.EDO_DATA_DIR ? resolve(cwd, env.EDO_DATA_DIR) : DEFAULT_DATA_DIR;
  const caFile = env.PODPIS_CA_FILE ? resolve(cwd, env.PODPIS_CA_FILE) : resolve(cwd, 'data/tls/ca.crt');
  const caGiven = Boolean(env.PODPIS_CA_FILE);
  if (caGiven && !existsSync(caFile)) throw new Error(`PODPIS_CA_FILE ${caFile} does not exist`);
  return {
    host,
    port,
    publicUrl: (env.EDO_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir,
    podpisUrl: (env.PODPIS_URL || 'https://localhost:8443').replace(/\/+$/, ''),
    podpisCa: existsSync(caFile) ? readFileSync(caFile, 'utf8') : undefined,
    client: registeredClient(env, dataDir),
    // Contracts travel to Podpis inside a JSON request (base64), which Podpis takes up to 10 MiB.
    maxUploadBytes: integer(env, 'EDO_MAX_UPLOAD_MIB', 5, [1, 7]) * 1024 * 1024,
  };
}

/** The redirect URI registered with Podpis. */
export const redirectUri = (config: Pick<EdoConfig, 'publicUrl'>): string =>
  `${config.publicUrl}/oauth/callback`;
