import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import type { SecretSealer } from '../auth/second-factor.js';
import type { Db } from '../db/db.js';

/** What every node's provider must share: the JWT signing key and the cookie keys. */
export interface ProviderSecrets {
  /** An EC P-256 private JWK with its `kid`, signing ID tokens (ES256); its public half is the JWKS. */
  signingKey: JsonWebKey & { kid: string; alg: 'ES256'; use: 'sig' };
  /** Keys of the provider's signed cookies (Keygrip): the first signs, all verify. */
  cookieKeys: string[];
}

const SECRETS_NAME = 'provider';
const SEAL_PURPOSE = 'oauth-provider';

type SecretRow = { sealed: Uint8Array };

function newSecrets(): ProviderSecrets {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    signingKey: { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
}

/**
 * The provider's secrets, made by the first node that starts and sealed
 * under the key store's master key (`oauth_secrets`); the others read the
 * same row (INSERT … ON CONFLICT DO NOTHING, then SELECT), so every node
 * signs with the same key and reads the others' cookies.
 */
export async function loadProviderSecrets(db: Db, sealer: SecretSealer): Promise<ProviderSecrets> {
  const fresh = Buffer.from(JSON.stringify(newSecrets()), 'utf8');
  await db.query('INSERT INTO oauth_secrets (name, sealed) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    SECRETS_NAME,
    Buffer.from(sealer.sealSecret(SEAL_PURPOSE, SECRETS_NAME, fresh)),
  ]);
  fresh.fill(0);
  const { rows } = await db.query<SecretRow>('SELECT sealed FROM oauth_secrets WHERE name = $1', [
    SECRETS_NAME,
  ]);
  const opened = sealer.openSecret(SEAL_PURPOSE, SECRETS_NAME, Buffer.from(rows[0]!.sealed));
  return JSON.parse(Buffer.from(opened).toString('utf8')) as ProviderSecrets;
}
