import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { Progress } from './progress.js';
import { CliFailure, CliUsageError } from './failures.js';
import { terminal } from '../terminal.js';

/** The options every command that talks to a running server takes. */
export interface RemoteOptions {
  server?: string;
  token?: string;
  ca?: string;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
}

/** Help text of the commands that are clients of a running server. */
export const REMOTE_HELP = `
These commands are clients of a running server's HTTPS API: they need its
URL (--server or PODPIS_URL) and an API token of yours (PODPIS_TOKEN, or
--token, which "ps" would show), created with POST /api/v1/session/tokens
with the scopes the command needs (signing; encryption; decryption;
certificates:read as well for sign --hash).
A server whose certificate comes from the installation's own CA needs that
CA: --ca FILE or PODPIS_CA. Exit codes: 0 done, 1 refused by the server
(its code is printed) or verification failed, 2 wrong usage, 3 the server
could not be reached (network, TLS).
`;

/**
 * Adds --server, --token, --ca, --json, --quiet and --progress. The first
 * three fall back to PODPIS_URL, PODPIS_TOKEN and PODPIS_CA of the run's
 * terminal in `clientOf` (Commander's own `.env()` reads process.env).
 */
export function remoteOptions(command: Command): Command {
  return command
    .option('--server <url>', 'the server, e.g. https://podpis.example (env: PODPIS_URL)')
    .option('--token <token>', 'API token (prefer PODPIS_TOKEN: ps shows arguments) (env: PODPIS_TOKEN)')
    .option('--ca <pem>', "CA certificate(s) to trust for the server's TLS (env: PODPIS_CA)")
    .option('--json', 'print the result as one JSON document')
    .option('-q, --quiet', 'no progress and no informational lines on stderr')
    .option('--progress', 'show progress on stderr even when it is not a terminal');
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The server's origin from --server; the token is refused over plain HTTP except to this machine. */
function serverUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`--server: not a URL: ${text}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new CliUsageError(
      `--server: ${url.protocol}// would send the API token in clear; use https:// (plain http only to localhost)`,
    );
  // Given with the API prefix or without, the client adds /api/v1 itself.
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '') || '/';
  return url;
}

/** The API client of the options: usage errors when the server or token is missing. */
export async function clientOf(options: RemoteOptions): Promise<ApiClient> {
  const { env } = terminal();
  const serverText = options.server ?? env.PODPIS_URL;
  const token = options.token ?? env.PODPIS_TOKEN;
  const caFile = options.ca ?? env.PODPIS_CA;
  if (serverText === undefined || serverText === '')
    throw new CliUsageError('no server: give --server URL or set PODPIS_URL');
  const server = serverUrl(serverText);
  if (token === undefined || token === '')
    throw new CliUsageError(
      'no API token: set PODPIS_TOKEN (or give --token); a user creates one with POST /api/v1/session/tokens, see docs/cli.md',
    );
  const ca = caFile !== undefined && caFile !== '' ? await readCaFile(caFile) : undefined;
  return new ApiClient({ server, token, ...(ca !== undefined ? { ca } : {}) });
}

/** The PEM certificate(s) of `file`, to trust for a server's TLS: CA_FILE_UNREADABLE or CA_FILE_INVALID. */
export async function readCaFile(file: string): Promise<string> {
  let ca: string;
  try {
    ca = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliFailure(
      'CA_FILE_UNREADABLE',
      `cannot read the CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliFailure('CA_FILE_INVALID', `${file} holds no PEM certificate`);
  return ca;
}

/** Transfers smaller than this end before a progress line could say anything useful. */
const PROGRESS_MIN_BYTES = 1024 * 1024;

/**
 * A progress display for `total` bytes as the options ask: redrawn on a
 * terminal, lines with --progress elsewhere, none with --quiet, in a pipe
 * or for a small file.
 */
export function progressOf(options: RemoteOptions, label: string, total: number): Progress {
  const wanted = options.quiet !== true && (options.progress === true || terminal().stderr.isTTY);
  if (!wanted || total < PROGRESS_MIN_BYTES) return new Progress(label, total, 'off');
  return new Progress(label, total, terminal().stderr.isTTY ? 'tty' : 'lines');
}

/** An informational line on stderr, unless --quiet or --json (scripts read stdout; stderr stays for errors). */
export function note(options: RemoteOptions, line: string): void {
  if (options.quiet !== true && options.json !== true) terminal().stderr.write(`${line}\n`);
}
