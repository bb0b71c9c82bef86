import { webcrypto } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import {
  approvalTime,
  fromBase64url,
  signApproval,
  verificationCode,
  type Approval,
  type Decision,
  type PendingOperation,
} from '@podpis/confirm';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import { formatBytes } from '../commands/progress.js';
import type { Device } from './device.js';

/** Digest algorithms by OID, as a person reads them. */
const DIGEST_NAMES: Record<string, string> = {
  '1.2.643.7.1.1.2.2': 'Streebog-256',
  '1.2.643.7.1.1.2.3': 'Streebog-512',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const digestName = (oid: string): string => DIGEST_NAMES[oid] ?? oid;

/** "in 4 min" or "expired", for how long a decision can still be made. */
function remaining(expiresAt: string, now: Date): string {
  const seconds = Math.round((Date.parse(expiresAt) - now.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return expiresAt;
  if (seconds <= 0) return `${expiresAt} (expired)`;
  return `${expiresAt} (in ${seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`})`;
}

const requesterOf = (operation: PendingOperation): string =>
  operation.requester.kind === 'cabinet'
    ? 'your cabinet (личный кабинет)'
    : `API${operation.requester.name !== undefined ? ` token "${operation.requester.name}"` : ''}`;

/**
 * The four digits computed here from the digest the approval will name,
 * not the server's copy: it is what ties this screen to the browser's, so
 * a server that showed one code and asked to sign another digest is caught.
 */
export async function checkedVerificationCode(operation: PendingOperation): Promise<string> {
  const code = await verificationCode(fromBase64url(operation.digest));
  if (code !== operation.verificationCode)
    throw new CliFailure(
      'VERIFICATION_CODE_MISMATCH',
      `the server's verification code for ${operation.operation} is not the one of its digest: not approved`,
    );
  return code;
}

/** One operation as a block of `key: value` lines, documents numbered from 1 as `preview` takes them. */
export function describeOperation(operation: PendingOperation, code: string, now = new Date()): string {
  if (operation.kind === 'sign-in') return describeSignIn(operation, code, now);
  const lines = [
    `operation ${operation.operation}`,
    `  code:         ${code}   (compare with the browser / сравните с кодом в браузере)`,
    `  action:       ${operation.kind === 'sign' ? 'sign (подписать)' : 'decrypt (расшифровать)'}`,
    `  requested by: ${requesterOf(operation)}`,
    `  certificate:  ${operation.certificate.holder} (serial ${operation.certificate.serial})`,
    `  format:       ${operation.format}`,
    `  expires:      ${remaining(operation.expiresAt, now)}`,
    `  then PIN:     ${operation.pinAfterApproval ? 'yes, the browser asks for the key PIN after approval' : 'no'}`,
    `  documents:    ${operation.documents.length}`,
    ...operation.documents.map(
      (document, i) =>
        `    ${String(i + 1).padStart(2)}. ${document.name}${document.size !== undefined ? `  ${formatBytes(document.size)}` : ''}` +
        `\n        ${digestName(document.digestAlgorithm)} ${document.digest}${document.preview ? '  (preview)' : ''}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** A sign-in: who, from where and with what, instead of a certificate and documents. */
function describeSignIn(operation: PendingOperation, code: string, now: Date): string {
  const { signIn } = operation;
  const lines = [
    `operation ${operation.operation}`,
    `  code:         ${code}   (compare with the browser / сравните с кодом в браузере)`,
    `  action:       sign-in to the cabinet (вход в личный кабинет)`,
    `  account:      ${operation.certificate.holder}`,
    `  address:      ${signIn?.ip || '(not given)'}`,
    `  browser:      ${signIn?.userAgent || '(not given)'}`,
    `  at:           ${signIn?.time ?? operation.createdAt}`,
    `  expires:      ${remaining(operation.expiresAt, now)}`,
    `  approve only if you are signing in yourself / подтверждайте, только если входите вы сами`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The pending operations as blocks, or a line saying there are none. */
export async function describePending(operations: readonly PendingOperation[]): Promise<string> {
  if (operations.length === 0) return 'no operations await this device (нет операций)\n';
  const blocks: string[] = [];
  for (const operation of operations)
    blocks.push(describeOperation(operation, await checkedVerificationCode(operation)));
  return blocks.join('\n');
}

/** The operation `id` among those awaiting the device, or OPERATION_NOT_PENDING. */
export async function pendingOperation(device: Device, id: string): Promise<PendingOperation> {
  const { operations } = await device.ask({ type: 'pending' }, 'pending');
  const operation = operations.find((o) => o.operation === id.toLowerCase());
  if (!operation)
    throw new CliFailure(
      'OPERATION_NOT_PENDING',
      `operation ${id} does not await this device (done, expired, declined, or another user's)`,
    );
  return operation;
}

export type Outcome = 'completed' | 'approved' | 'declined';

/** Signs the approval (or refusal) of `operation` with the device key and sends it; the server's outcome. */
export async function decide(
  device: Device,
  operation: PendingOperation,
  decision: Decision,
): Promise<Outcome> {
  const approval: Approval = {
    operation: operation.operation,
    digest: operation.digest,
    decision,
    challenge: operation.challenge,
    time: approvalTime(new Date()),
  };
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    fromBase64url(device.state.deviceKey),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const signature = await signApproval(key, approval);
  const reply = await device.ask({ type: 'decide', approval, signature }, 'decided');
  if (reply.operation !== operation.operation)
    throw new CliFailure('DEVICE_REPLY_MALFORMED', 'the server answered about another operation');
  return reply.outcome;
}

/** What the user reads after a decision. */
export function outcomeLine(operation: PendingOperation, outcome: Outcome): string {
  const id = operation.operation;
  if (operation.kind === 'sign-in') {
    return outcome === 'declined'
      ? `declined: the sign-in ${id} is refused / вход отклонён\n`
      : `approved: the sign-in ${id} continues in the browser / вход подтверждён\n`;
  }
  if (outcome === 'completed')
    return `approved: operation ${id} is done (${operation.kind === 'sign' ? 'signed' : 'decrypted'}) / подтверждено, выполнено\n`;
  if (outcome === 'approved')
    return `approved: now enter the key's PIN in the browser to finish ${id} / подтверждено, введите PIN в браузере\n`;
  return `declined: operation ${id} will not be executed / отклонено\n`;
}

/** Asks one question on the terminal (stderr, as stdout stays for results); the trimmed, lower-case answer. */
export async function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new CliUsageError('no terminal to ask on: give --yes (approve) or --auto-approve (watch)');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await terminal.question(question)).trim().toLowerCase();
  } finally {
    terminal.close();
  }
}

/** Whether the user says the codes match: y/yes/д/да. */
export async function codesMatch(): Promise<boolean> {
  return ['y', 'yes', 'д', 'да'].includes(await ask('Коды совпадают? / Do the codes match? [y/N] '));
}
