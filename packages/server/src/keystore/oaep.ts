import { createHash, timingSafeEqual } from 'node:crypto';
import type { OaepHash } from './key-store.js';

const NODE_HASH: Readonly<Record<OaepHash, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function mgf1(hash: string, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

/**
 * EME-OAEP decoding (RFC 8017 §7.1.2, MGF1 with the same hash, empty label)
 * of a raw RSA decryption `em` (the modulus' length): the message, or
 * undefined for every kind of bad padding alike. The checks run to the end
 * whatever fails first; the caller gives one answer for every failure.
 */
export function oaepDecode(em: Uint8Array, hashName: OaepHash): Uint8Array | undefined {
  const hash = NODE_HASH[hashName];
  const lHash = createHash(hash).digest();
  const hLen = lHash.length;
  if (em.length < 2 * hLen + 2) return undefined;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = mgf1(hash, maskedDb, hLen);
  const seed = Buffer.from(maskedSeed).map((b, i) => b ^ seedMask[i]!);
  const dbMask = mgf1(hash, seed, maskedDb.length);
  const db = Buffer.from(maskedDb).map((b, i) => b ^ dbMask[i]!);
  let bad = em[0]! | (timingSafeEqual(db.subarray(0, hLen), lHash) ? 0 : 1);
  // The first 0x01 after lHash and a run of zeros; anything else before it is bad padding.
  let found = 0;
  let start = 0;
  for (let i = hLen; i < db.length; i++) {
    const isOne = db[i] === 1 ? 1 : 0;
    const isZero = db[i] === 0 ? 1 : 0;
    const first = isOne & (found ^ 1);
    start = first ? i + 1 : start;
    bad |= (found ^ 1) & ((isOne | isZero) ^ 1);
    found |= isOne;
  }
  bad |= found ^ 1;
  return bad === 0 ? new Uint8Array(db.subarray(start)) : undefined;
}
