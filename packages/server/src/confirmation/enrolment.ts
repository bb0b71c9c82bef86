import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import {
  ConfirmError,
  deriveChannelSecret,
  exportEcdhPrivateKey,
  fromBase64url,
  generateEcdhKeyPair,
  importEcdhPrivateKey,
  normaliseActivationCode,
  OFFLINE_SUITE,
  openEnvelope,
  channelKeys,
  sealEnvelope,
  toBase64url,
  type EnrolmentCompletion,
  type EnrolmentOffer,
  type EnrolmentRegistration,
  type EnrolmentResult,
  type Envelope,
} from '@podpis/confirm';
import { appendAudit } from '../audit/audit-log.js';
import { hitRateLimit, rateLimitReached } from '../auth/rate-limit.js';
import { DomainError } from '../core/domain-error.js';
import type { Db, Queryable } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';
import type { ChangeContext } from '../people/accounts.js';
import { getUser } from '../people/users.js';
import { CHANNEL_SECRET, deviceName, deviceOf, type Device, type DeviceRow } from './devices.js';
import { verifyWebAuthnRegistration, type RelyingParty } from './webauthn.js';

export interface ConfirmationContext {
  db: Db;
  keyStore: KeyStore;
  now: () => Date;
}

export const ENROLMENT_LIFETIME_SECONDS = 600;
/** Crockford-like: no 0/O, 1/I/L, so a code read off a screen is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const ENROLMENT_SECRET = 'device-enrolment';
const ENROLMENT_TRIES_PER_MINUTE = 10;

export interface StartedEnrolment {
  id: string;
  /** Shown once, grouped for reading: `ABCDE-FGHJK`. */
  activationCode: string;
  expiresAt: Date;
}

function newActivationCode(): string {
  const bytes = randomBytes(CODE_LENGTH * 2);
  let code = '';
  // Rejection sampling keeps every character equally likely (31 does not divide 256).
  for (const byte of bytes) {
    if (code.length === CODE_LENGTH) break;
    if (byte < 248) code += CODE_ALPHABET.charAt(byte % CODE_ALPHABET.length);
  }
  return code.length === CODE_LENGTH ? code : newActivationCode();
}

const codeHash = (code: string): Buffer =>
  createHash('sha256').update(normaliseActivationCode(code)).digest();

/**
 * Starts an enrolment for a user (by the user in the cabinet, or an
 * operator for them): a one-time activation code, the server's ephemeral
 * ECDH key and a WebAuthn challenge. `device.enrolment_start` is audited.
 */
export async function startEnrolment(
  ctx: ConfirmationContext,
  accountId: string,
  context: ChangeContext,
): Promise<StartedEnrolment> {
  // Devices are for users: an operator's or an unknown account is USER_NOT_FOUND.
  await getUser(ctx.db, accountId);
  const id = randomUUID();
  const activationCode = newActivationCode();
  const pair = await generateEcdhKeyPair(true);
  const pkcs8 = await exportEcdhPrivateKey(pair.privateKey);
  const sealed = ctx.keyStore.sealSecret(
    ENROLMENT_SECRET,
    id,
    Buffer.from(JSON.stringify({ key: toBase64url(pkcs8), code: activationCode })),
  );
  pkcs8.fill(0);
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ENROLMENT_LIFETIME_SECONDS * 1000);
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO device_enrolments (id, account_id, code_hash, sealed, server_public, challenge, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        accountId,
        codeHash(activationCode),
        sealed,
        pair.publicKey,
        randomBytes(32),
        context.actor,
        now,
        expiresAt,
      ],
    );
    await appendAudit(tx, {
      ...context,
      action: 'device.enrolment_start',
      target: `account:${accountId}`,
      details: { enrolment: id, expiresAt: expiresAt.toISOString() },
    });
  });
  return { id, activationCode: `${activationCode.slice(0, 5)}-${activationCode.slice(5)}`, expiresAt };
}

type EnrolmentRow = {
  id: string;
  account_id: string;
  sealed: Buffer;
  server_public: Buffer;
  challenge: Buffer;
  created_by: string;
  expires_at: Date;
  completed_at: Date | null;
};

export type EnrolmentStatus =
  { status: 'pending' | 'expired'; expiresAt: Date } | { status: 'completed'; device: Device };

/** Where the user's enrolment stands (the cabinet polls it while the QR code is shown). */
export async function enrolmentStatus(
  db: Queryable,
  accountId: string,
  id: string,
  now: Date,
): Promise<EnrolmentStatus> {
  const { rows } = await db.query<EnrolmentRow & { device: DeviceRow | null }>(
    `SELECT e.*, to_jsonb(d) AS device FROM device_enrolments e LEFT JOIN devices d ON d.id = e.id
     WHERE e.id::text = $1 AND e.account_id = $2`,
    [id, accountId],
  );
  const row = rows[0];
  if (!row) throw new DomainError('DEVICE_ENROLMENT_NOT_FOUND', `no enrolment ${id}`);
  if (row.completed_at && row.device) {
    const d = row.device;
    return {
      status: 'completed',
      device: deviceOf({
        ...d,
        created_at: new Date(d.created_at),
        last_used_at: d.last_used_at && new Date(d.last_used_at),
      }),
    };
  }
  return {
    status: row.expires_at.getTime() <= now.getTime() || row.completed_at ? 'expired' : 'pending',
    expiresAt: row.expires_at,
  };
}

/** The user's name as a device shows it: surname, name, patronymic, or the login. */
export async function holderName(db: Db, accountId: string): Promise<string> {
  const { profile, login } = await getUser(db, accountId);
  return (
    [profile.surname, profile.name, profile.patronymic].filter((s) => s !== undefined).join(' ') || login
  );
}

const notFound = () =>
  new DomainError(
    'DEVICE_ENROLMENT_NOT_FOUND',
    'no enrolment waits for this activation code (unknown, used or expired)',
  );

/** The offer a device gets for a valid activation code; an unknown, used or expired one is refused alike. */
export async function offerEnrolment(
  ctx: ConfirmationContext,
  activationCode: string,
  rp: RelyingParty,
  ip: string,
): Promise<EnrolmentOffer> {
  // Codes are guessed from somewhere: 10 wrong ones a minute per address, counted on every node.
  const key = `device-enrolment-ip:${ip}`;
  const limited = (retryAfterSeconds: number) =>
    new DomainError('RATE_LIMITED', `too many wrong activation codes; retry in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  const reached = await rateLimitReached(ctx.db, key, ENROLMENT_TRIES_PER_MINUTE, 60);
  if (reached.reached) throw limited(reached.retryAfterSeconds);
  const { rows } = await ctx.db.query<EnrolmentRow>(
    'SELECT * FROM device_enrolments WHERE code_hash = $1 AND completed_at IS NULL AND expires_at > $2',
    [codeHash(activationCode), ctx.now()],
  );
  const row = rows[0];
  if (!row) {
    const hit = await hitRateLimit(ctx.db, key, ENROLMENT_TRIES_PER_MINUTE, 60);
    throw hit.allowed ? notFound() : limited(hit.retryAfterSeconds);
  }
  return {
    enrolment: row.id,
    serverKey: toBase64url(row.server_public),
    challenge: toBase64url(row.challenge),
    account: await holderName(ctx.db, row.account_id),
    rpId: rp.id,
    expiresAt: row.expires_at.toISOString(),
  };
}

function invalid(why: string): DomainError {
  return new DomainError('DEVICE_ENROLMENT_INVALID', `the enrolment is refused: ${why}`);
}

/** The registration's signing key: an authenticator's P-256 SPKI, or a WebAuthn credential that verifies. */
async function registeredKey(
  registration: EnrolmentRegistration,
  challenge: Buffer,
  rp: RelyingParty,
): Promise<{ publicKey: Buffer; credentialId: string | null; counter: number }> {
  // The registration is the device's JSON: its kind is whatever it sent.
  const kind: string = registration.kind;
  if (kind === 'authenticator') {
    try {
      const spki = Buffer.from(fromBase64url(registration.publicKey ?? ''));
      const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw invalid('an authenticator key is ECDSA P-256');
      }
      return { publicKey: spki, credentialId: null, counter: 0 };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalid('the authenticator key is not a SubjectPublicKeyInfo');
    }
  }
  if (kind === 'webauthn') {
    const credential = await verifyWebAuthnRegistration(registration.webauthn, toBase64url(challenge), rp);
    if (!credential) throw invalid('the WebAuthn registration does not verify');
    return {
      publicKey: Buffer.from(credential.publicKey),
      credentialId: credential.id,
      counter: credential.counter,
    };
  }
  throw invalid('a device is webauthn or authenticator');
}

/**
 * The device completes its enrolment: with the activation code (kept sealed
 * since the start) both sides derive the channel; the device's registration
 * must open under it (so only a holder of the code enrols), its key must be
 * an authenticator's or verify as a WebAuthn credential. The device is
 * stored with its channel secret sealed under the master key, the
 * enrolment is used up and `device.enrol` is audited, all in one
 * transaction. The answer is sealed for the device (its counter 1).
 */
export async function completeEnrolment(
  ctx: ConfirmationContext,
  completion: EnrolmentCompletion,
  rp: RelyingParty,
  extras: { vapidPublicKey: string },
): Promise<{ envelope: Envelope; device: Device }> {
  const { rows: owners } = await ctx.db.query<{ account_id: string }>(
    'SELECT account_id FROM device_enrolments WHERE id::text = $1',
    [completion.enrolment],
  );
  if (!owners[0]) throw notFound();
  const account = await holderName(ctx.db, owners[0].account_id);
  return ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<EnrolmentRow>(
      `SELECT * FROM device_enrolments WHERE id::text = $1 AND completed_at IS NULL AND expires_at > $2 FOR UPDATE`,
      [completion.enrolment, ctx.now()],
    );
    const row = rows[0];
    if (!row) throw notFound();
    const kept = JSON.parse(
      Buffer.from(ctx.keyStore.openSecret(ENROLMENT_SECRET, row.id, row.sealed)).toString('utf8'),
    ) as { key: string; code: string };
    let registration: EnrolmentRegistration;
    let secret: Uint8Array<ArrayBuffer>;
    try {
      secret = await deriveChannelSecret({
        privateKey: await importEcdhPrivateKey(fromBase64url(kept.key)),
        peerPublicKey: fromBase64url(completion.deviceKey),
        activationCode: kept.code,
        device: row.id,
      });
      if (completion.envelope.device !== row.id || completion.envelope.counter !== 1) {
        throw invalid("the first message is the device's counter 1");
      }
      registration = (await openEnvelope(
        await channelKeys(secret),
        'device-to-server',
        completion.envelope,
        0,
      )) as EnrolmentRegistration;
    } catch (error) {
      if (error instanceof ConfirmError) throw invalid('the registration does not open under this enrolment');
      throw error;
    }
    const name = deviceName(typeof registration.name === 'string' ? registration.name : '');
    const key = await registeredKey(registration, row.challenge, rp);
    const platform = typeof registration.platform === 'string' ? registration.platform.slice(0, 200) : null;
    const keys = await channelKeys(secret);
    const channel = ctx.keyStore.sealSecret(CHANNEL_SECRET, row.id, secret);
    secret.fill(0);
    const now = ctx.now();
    const inserted = await tx.query<DeviceRow>(
      `INSERT INTO devices (id, account_id, name, kind, platform, status, public_key, credential_id, sign_count, channel,
                            counter_in, counter_out, created_at, last_used_at)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, 1, 1, $10, $10) RETURNING *`,
      [
        row.id,
        row.account_id,
        name,
        registration.kind,
        platform,
        key.publicKey,
        key.credentialId,
        key.counter,
        channel,
        now,
      ],
    );
    await tx.query('UPDATE device_enrolments SET completed_at = $2, sealed = $3 WHERE id = $1', [
      row.id,
      now,
      Buffer.alloc(0),
    ]);
    await appendAudit(tx, {
      actor: `user:${row.account_id}`,
      action: 'device.enrol',
      target: `device:${row.id}`,
      details: { account: row.account_id, name, kind: registration.kind, startedBy: row.created_by },
    });
    const result: EnrolmentResult = {
      type: 'enrolled',
      device: row.id,
      name,
      account,
      vapidPublicKey: extras.vapidPublicKey,
      offlineSuite: OFFLINE_SUITE,
    };
    return {
      envelope: await sealEnvelope(keys, 'server-to-device', row.id, 1, result),
      device: deviceOf(inserted.rows[0]!),
    };
  });
}
