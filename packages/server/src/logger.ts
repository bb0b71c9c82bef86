import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/config.js';

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
  'pin',
  'newPin',
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
