import type { Db } from '../db/db.js';
import type { KeyStore } from '../keystore/index.js';
import type { WebhookUrlPolicy } from './url-policy.js';

/** What the webhooks service works with. */
export interface WebhookContext {
  db: Db;
  /** Seals and opens subscriptions' signing secrets under the master key. */
  sealer: Pick<KeyStore, 'sealSecret' | 'openSecret'>;
  /** Where webhooks may go (PODPIS_WEBHOOK_ALLOWED_HOSTS). */
  policy: WebhookUrlPolicy;
  now: () => Date;
}

/**
 * Who manages subscriptions: an administrator (all of them), a user (their
 * own), or an OAuth client with client credentials (its own, which belong
 * to no account).
 */
export type WebhookViewer =
  { accountId: string; role: 'admin' | 'operator' | 'user' } | { clientId: string; role: 'client' };
