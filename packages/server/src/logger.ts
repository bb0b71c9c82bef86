import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config/config.js';

/**
 * Anything that can carry a secret is censored wherever it appears in a log
 * record: request headers with credentials, and fields named like passwords,
 * PINs, keys and tokens at the top level or one or two levels down.
 */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'oldPassword',
  'temporaryPassword',
  // A delivery of temporary passwords: the file's password, and the file itself.
  'filePassword',
  'generatedFilePassword',
  'pin',
  'newPin',
  'pinConfirmation',
  'keyPin',
  'puk',
  'privateKey',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'masterKey',
  'passphrase',
  // The second factor's: a pending sign-in's bearer token and recovery codes. A TOTP `code` is not
  // listed (`code` names every problem's stable code) and is useless once used.
  'pendingToken',
  'recoveryCode',
  'recoveryCodes',
];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'podpis' },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** The configured format, or by the terminal: a person reads a TTY, a collector reads a pipe. */
export function logFormatFor(configured: LogFormat | undefined, isTty: boolean): LogFormat {
  return configured ?? (isTty ? 'pretty' : 'json');
}

/**
 * Where the server's log goes: JSON lines on stdout (undefined, pino's
 * default), or one readable line per record. Pretty-printing runs in this
 * thread, after redaction, so it shows no more than the JSON would.
 */
export function logDestination(
  format: LogFormat,
  out: NodeJS.WritableStream = process.stdout,
): DestinationStream | undefined {
  if (format === 'json') return undefined;
  return pretty({
    destination: out,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    sync: true,
  });
}
