import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../core/domain-error.js';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/**
 * A new password hash as a PHC-like string, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`
 * (base64 without padding), so the parameters travel with each hash and can
 * be raised later without invalidating old ones.
 */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, { logN, r: BLOCK_SIZE, p: PARALLELISM }, KEY_LENGTH);
  return `$scrypt$ln=${logN},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Whether `password` matches `hash`; the comparison of the derived keys is constant-time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = PHC.exec(hash);
  if (!match) return false;
  const expected = Buffer.from(match[5]!, 'base64url');
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const key = await derive(password, Buffer.from(match[4]!, 'base64url'), params, expected.length);
  return timingSafeEqual(key, expected);
}

/**
 * `verifyPassword`, taking at least as long as a hash at cost `logN` would:
 * a random temporary password is kept under a cheaper hash (its strength is
 * its randomness), and a faster answer must not tell who has one.
 */
export async function verifyPasswordAtCost(password: string, hash: string, logN: number): Promise<boolean> {
  const cost = Number(PHC.exec(hash)?.[1] ?? logN);
  const right = await verifyPassword(password, hash);
  if (cost < logN) await verifyDummyPassword(password, logN);
  return right;
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * Spends as long as a real verification at the given cost, for logins that
 * have no password hash to check (unknown login), so their answer takes the
 * same time as a wrong password's.
 */
export async function verifyDummyPassword(password: string, logN: number): Promise<false> {
  let hash = dummyHashes.get(logN);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), logN);
    dummyHashes.set(logN, hash);
  }
  await verifyPassword(password, await hash);
  return false;
}

/** No 0/O/o, 1/l/I: a temporary password is read aloud or from paper. */
const UNAMBIGUOUS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A temporary password from the CSPRNG: letters and at least one digit, `length` ≥ 12. */
export function generateTemporaryPassword(length = 12): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < Math.max(12, length); i++) password += UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)]!;
    if (/\d/.test(password) && /[A-Za-z]/.test(password)) return password;
  }
}

/** The password policy: at least `minLength` characters with both letters and digits → else 422 PASSWORD_POLICY. */
export function checkPasswordPolicy(password: string, minLength: number): void {
  if (Array.from(password).length < minLength || !/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    throw new DomainError(
      'PASSWORD_POLICY',
      `the password must be at least ${minLength} characters long and contain both letters and digits`,
    );
  }
}
