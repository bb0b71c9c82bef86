import type { Db } from '../db/db.js';
import { announceExpiredOperations } from './confirmation-claim.js';
import { DECRYPTIONS } from './encryption.js';
import { SIGNING } from './operations.js';

/**
 * Announces `operation.expired` for signing and decryption operations that
 * expired unconfirmed since the last call, each once. An expiry is no
 * change anybody makes (the status is read from `expires_at`), so a job
 * looks for them; returns how many it announced.
 */
export async function announceExpiredSigningOperations(db: Db, now: Date): Promise<number> {
  return (
    (await announceExpiredOperations(db, SIGNING, now)) +
    (await announceExpiredOperations(db, DECRYPTIONS, now))
  );
}
