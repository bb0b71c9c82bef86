import { ConfirmError, concat, fromBase64url, fromHex, toBase64url, toHex, utf8 } from './bytes.js';

/**
 * What a device approves, and how: one digest names everything the key
 * will do (the operation, its certificate, every digest it will sign or
 * every input it will decrypt); the device signs a fixed text naming that
 * digest, its decision, the server's challenge and the time. The server
 * executes exactly the operation whose digest the approval names, so
 * documents changed after the approval do not match it.
 */

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** `sign-in`: a password sign-in to the cabinet waiting for its second factor (the id is the sign-in's, not its secret token). */
export type OperationKind = 'sign' | 'decrypt' | 'sign-in';
export type Decision = 'approve' | 'decline';

export interface OperationDescriptor {
  kind: OperationKind;
  /** The operation's id. */
  id: string;
  /** Serial (hex) of the certificate whose key is used. */
  certificate: string;
  /** What the key processes, hex, in order: the digests it signs, or the digests of the inputs it decrypts. */
  items: readonly string[];
}

/** SHA-256 over a line-per-field text of the descriptor (items lower-case hex). */
export async function operationDigest(operation: OperationDescriptor): Promise<Uint8Array<ArrayBuffer>> {
  for (const item of operation.items) fromHex(item);
  const text = [
    'podpis/operation/v1',
    operation.kind,
    operation.id,
    operation.certificate.toLowerCase(),
    String(operation.items.length),
    ...operation.items.map((item) => item.toLowerCase()),
  ].join('\n');
  return new Uint8Array(await subtle().digest('SHA-256', utf8(text)));
}

/** What the device shows of a sign-in, and the approval's digest binds. */
export interface SignInRequest {
  /** The sign-in's id. */
  id: string;
  /** Whose account (the login). */
  account: string;
  ip: string;
  /** The browser's user agent, as it gave it. */
  userAgent: string;
  /** When the password was right: ISO 8601, UTC. */
  time: string;
}

/**
 * A sign-in as an operation: no certificate, and one item, the digest of
 * what the device shows (account, address, browser, time), so an approval
 * names the sign-in it was shown and no other.
 */
export async function signInDescriptor(signIn: SignInRequest): Promise<OperationDescriptor> {
  const text = ['podpis/sign-in/v1', signIn.account, signIn.ip, signIn.userAgent, signIn.time].join('\n');
  const digest = new Uint8Array(await subtle().digest('SHA-256', utf8(text)));
  return { kind: 'sign-in', id: signIn.id, certificate: '', items: [toHex(digest)] };
}

export interface Approval {
  operation: string;
  /** base64url of the operation digest. */
  digest: string;
  decision: Decision;
  /** base64url of the server's challenge for this operation. */
  challenge: string;
  /** When the device decided: ISO 8601, UTC, whole seconds. */
  time: string;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The time as an approval writes it. */
export function approvalTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Checks an approval's fields (MALFORMED) and gives it typed. */
export function parseApproval(value: unknown): Approval {
  if (typeof value !== 'object' || value === null)
    throw new ConfirmError('MALFORMED', 'an approval is an object');
  const v = value as Record<string, unknown>;
  const text = (name: string): string => {
    const field = v[name];
    if (typeof field !== 'string') throw new ConfirmError('MALFORMED', `approval.${name} is missing`);
    return field;
  };
  const decision = text('decision');
  if (decision !== 'approve' && decision !== 'decline') {
    throw new ConfirmError('MALFORMED', 'approval.decision is approve or decline');
  }
  const approval: Approval = {
    operation: text('operation'),
    digest: text('digest'),
    decision,
    challenge: text('challenge'),
    time: text('time'),
  };
  if (!UUID.test(approval.operation)) throw new ConfirmError('MALFORMED', 'approval.operation is not an id');
  if (!TIME.test(approval.time))
    throw new ConfirmError('MALFORMED', 'approval.time is ISO 8601 UTC in seconds');
  if (fromBase64url(approval.digest).length !== 32)
    throw new ConfirmError('MALFORMED', 'approval.digest is 32 bytes');
  if (fromBase64url(approval.challenge).length < 16)
    throw new ConfirmError('MALFORMED', 'approval.challenge is too short');
  return approval;
}

/** The exact bytes a device signs: one field per line, in this order. */
export function approvalBytes(approval: Approval): Uint8Array<ArrayBuffer> {
  return utf8(
    [
      'podpis/approval/v1',
      `operation=${approval.operation}`,
      `digest=${approval.digest}`,
      `decision=${approval.decision}`,
      `challenge=${approval.challenge}`,
      `time=${approval.time}`,
    ].join('\n'),
  );
}

/** The WebAuthn challenge of an approval: SHA-256 of its bytes (the authenticator signs it inside clientDataJSON). */
export async function approvalChallenge(approval: Approval): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().digest('SHA-256', approvalBytes(approval)));
}

/**
 * Four digits both the browser and the device show for an operation
 * (Smart-ID's verification code): from its digest, so the user can see the
 * two screens speak of the same operation.
 */
export async function verificationCode(digest: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(
    await subtle().digest('SHA-256', concat(utf8('podpis/verification-code/v1'), digest)),
  );
  return String(((hash[0]! << 8) | hash[1]!) % 10000).padStart(4, '0');
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A device key of the CLI authenticator: ECDSA P-256; signatures are IEEE P1363 (r ‖ s, 64 bytes). */
export async function generateDeviceKey(extractable: boolean): Promise<CryptoKeyPair> {
  return subtle().generateKey(ECDSA, extractable, ['sign', 'verify']);
}

export async function signApproval(privateKey: CryptoKey, approval: Approval): Promise<string> {
  return toBase64url(new Uint8Array(await subtle().sign(ECDSA_SHA256, privateKey, approvalBytes(approval))));
}

/** Whether `signature` (base64url, P1363) is the device key's (SPKI DER) over the approval. */
export async function verifyApprovalSignature(
  publicKeySpki: Uint8Array<ArrayBuffer>,
  approval: Approval,
  signature: string,
): Promise<boolean> {
  try {
    const key = await subtle().importKey('spki', publicKeySpki, ECDSA, false, ['verify']);
    return await subtle().verify(ECDSA_SHA256, key, fromBase64url(signature), approvalBytes(approval));
  } catch {
    return false;
  }
}
