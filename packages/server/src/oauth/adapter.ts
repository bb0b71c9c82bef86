import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Db } from '../db/db.js';
import { providerClientMetadata } from './clients.js';

type ModelRow = { payload: AdapterPayload; consumed_at: Date | null };

/**
 * oidc-provider's storage in the database, one table for every model
 * (`oauth_models`), so every node sees the same tokens, codes, grants,
 * sessions and interactions, on PGlite and PostgreSQL alike. Clients are
 * not stored here: the `Client` model reads the administrators' table
 * `oauth_clients`. Expired rows are refused on reading and purged by
 * housekeeping (`deleteExpiredOAuthModels`).
 */
export class DbAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    if (this.model === 'Client')
      throw new Error('clients are registered by administrators, not by the provider');
    await this.db.query(
      `INSERT INTO oauth_models (model, id, payload, grant_id, uid, user_code, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + $7::int * interval '1 second' END)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
         uid = EXCLUDED.uid, user_code = EXCLUDED.user_code, expires_at = EXCLUDED.expires_at`,
      [
        this.model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.uid ?? null,
        payload.userCode ?? null,
        expiresIn ?? null,
      ],
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return providerClientMetadata(this.db, id);
    return this.#findBy('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findBy('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findBy('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.query('UPDATE oauth_models SET consumed_at = now() WHERE model = $1 AND id = $2', [
      this.model,
      id,
    ]);
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_models WHERE model = $1 AND id = $2', [this.model, id]);
  }

  /** This model's rows of one grant (the provider calls it per model, and destroys the Grant itself when its policy says so). */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.query('DELETE FROM oauth_models WHERE model = $1 AND grant_id = $2', [this.model, grantId]);
  }

  async #findBy(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    const { rows } = await this.db.query<ModelRow>(
      `SELECT payload, consumed_at FROM oauth_models
       WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [this.model, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    // The provider learns of a consumed code or refresh token by this field (reuse is then refused and the grant revoked).
    return row.consumed_at
      ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) }
      : row.payload;
  }
}

/** Removes the provider's rows that have expired; they are refused on reading already. */
export async function deleteExpiredOAuthModels(db: Db): Promise<number> {
  return (await db.query('DELETE FROM oauth_models WHERE expires_at <= now()')).rowCount;
}
