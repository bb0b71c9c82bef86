import type { Signer } from '@podpis/pki';
import type { Db, Queryable } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';
import { authoritySigner, findAuthority, type AuthorityRecord } from './authorities.js';

/**
 * How long a CA's row and signer are used from memory. A standing
 * activation outlives a signer taken from it by hours, so this only bounds
 * how long an idle process keeps them.
 */
const REMEMBER_MS = 60_000;

interface Remembered {
  authority: AuthorityRecord;
  signer: Signer;
  keyStore: KeyStore;
  until: number;
}

const rememberedByDb = new WeakMap<Db, Map<string, Promise<Remembered>>>();

function rememberedOf(db: Db): Map<string, Promise<Remembered>> {
  let remembered = rememberedByDb.get(db);
  if (!remembered) {
    remembered = new Map();
    rememberedByDb.set(db, remembered);
  }
  return remembered;
}

/**
 * An issuing CA and its key's signer as this process last read them.
 * Reading the CA's row and its key's row for every certificate cost two
 * database round trips out of an issuance's six. Nothing remembered is
 * trusted when it matters: the transaction that records the certificates
 * checks (`staleAuthorities`) that each CA's row still holds the key and
 * certificate they were signed with and that the key is not destroyed;
 * a certificate signed from a stale memory is not recorded, and its
 * issuance starts again from the database (`StaleAuthorityError`).
 */
export async function rememberedAuthority(
  ctx: { db: Db; keyStore: KeyStore },
  id: string,
): Promise<{ authority: AuthorityRecord; signer: Signer }> {
  const remembered = rememberedOf(ctx.db);
  const known = remembered.get(id);
  if (known) {
    const entry = await known.catch(() => undefined);
    if (entry && entry.keyStore === ctx.keyStore && entry.until > performance.now()) return entry;
    if (remembered.get(id) === known) remembered.delete(id);
  }
  const reading = (async (): Promise<Remembered> => {
    const authority = await findAuthority(ctx.db, id);
    const signer = await authoritySigner(ctx.keyStore, authority);
    return { authority, signer, keyStore: ctx.keyStore, until: performance.now() + REMEMBER_MS };
  })();
  remembered.set(id, reading);
  // A failure is not remembered: the next issuance reads again.
  reading.catch(() => {
    if (remembered.get(id) === reading) remembered.delete(id);
  });
  return reading;
}

/** Drops what this process remembers of a CA: the next issuance reads it again. */
export function forgetRememberedAuthority(db: Db, id: string): void {
  rememberedOf(db).delete(id);
}

/** Certificates were signed from a CA's remembered row or key that the database no longer holds. */
export class StaleAuthorityError extends Error {
  constructor(readonly authorityIds: readonly string[]) {
    super(`certification authorities changed since this process read them: ${authorityIds.join(', ')}`);
    this.name = 'StaleAuthorityError';
  }
}

type GuardRow = {
  id: string;
  key_id: string;
  certificate: Uint8Array;
  crl_shards: number;
  usable: boolean;
};

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * In the transaction that records certificates signed from remembered CAs:
 * throws `StaleAuthorityError` (and forgets those CAs) when a CA's row
 * holds another key, certificate or CRL sharding than the one signed with,
 * or its key was destroyed, so that nothing signed from it is recorded.
 */
export async function checkRememberedAuthorities(
  tx: Queryable,
  db: Db,
  used: readonly AuthorityRecord[],
): Promise<void> {
  const byId = new Map(used.map((authority) => [authority.id, authority]));
  if (byId.size === 0) return;
  const { rows } = await tx.query<GuardRow>(
    `SELECT a.id, a.key_id, a.certificate, a.crl_shards, k.destroyed_at IS NULL AS usable
       FROM certificate_authorities a JOIN stored_keys k ON k.id = a.key_id
      WHERE a.id = ANY($1::text[])`,
    [[...byId.keys()]],
  );
  const current = new Map(rows.map((row) => [row.id, row]));
  const stale = [...byId.values()]
    .filter((authority) => {
      const row = current.get(authority.id);
      return (
        !row ||
        !row.usable ||
        row.key_id.toLowerCase() !== authority.keyId.toLowerCase() ||
        row.crl_shards !== authority.crlShards ||
        !sameBytes(new Uint8Array(row.certificate), authority.certificate)
      );
    })
    .map((authority) => authority.id);
  if (stale.length === 0) return;
  for (const id of stale) forgetRememberedAuthority(db, id);
  throw new StaleAuthorityError(stale);
}
