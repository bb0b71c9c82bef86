import { caMetrics } from '../core/metrics.js';
import {
  certIdIssuedBy,
  createOcspErrorResponse,
  createOcspResponse,
  keyIdentifier,
  parseCertificate,
  parseOcspRequest,
  PkiError,
  type CertificateInfo,
  type OcspCertId,
  type OcspCertStatus,
  type RevocationReason,
  type Signer,
} from '@podpis/pki';
import { serviceSigner } from '../keystore/index.js';
import { listAuthorities, type AuthorityContext, type AuthorityRecord } from './authorities.js';
import { CERTIFICATE_STATUS_CHANNEL, certificateStatusChanges } from './certificates.js';

interface Responder {
  signer: Signer;
  certificate: Uint8Array;
  keyHash: Uint8Array;
  /** Its certificate's end, ms. */
  notAfter: number;
  loadedAt: number;
}

/** How long a loaded responder (key and certificate) is used before the database is asked again. */
const RESPONDER_RELOAD_MS = 3600_000;

interface Cached {
  der: Uint8Array;
  freshUntil: number;
}

interface StatusRow extends Record<string, unknown> {
  status: 'valid' | 'suspended' | 'revoked';
  revoked_at: Date | null;
  revocation_reason: RevocationReason | null;
  status_changed_at: Date;
}

export interface OcspResponderOptions {
  /** How long a response is valid (nextUpdate − thisUpdate); default one hour. */
  validityMinutes?: number;
  /** Signed responses kept for requests without a nonce; default 50,000. */
  cacheEntries?: number;
}

/**
 * The OCSP responder (RFC 6960) for every CA of the installation, answering
 * from the database. A response is signed by the CA's delegated responder
 * certificate (EKU ocspSigning, ocsp-nocheck).
 *
 * Two caches for requests without a nonce (RFC 8954: a nonce makes a
 * response uncacheable, so those are always signed afresh):
 * - by the request's bytes, answered before parsing or touching the
 *   database — kept only while `start()`'s subscription to status-change
 *   notifications is alive: every status change NOTIFYs its serial when it
 *   commits, on any node, and the entries for that serial are dropped;
 * - by (CA, serial, status, time of the last status change), used when
 *   there is no subscription: one indexed query, no signature.
 */
export class OcspResponder {
  readonly #ctx: AuthorityContext;
  readonly #validityMs: number;
  readonly #cacheEntries: number;
  readonly #cache = new Map<string, Cached>();
  /** Responses by request bytes (base64), trusted while #listening. */
  readonly #byRequest = new Map<string, Cached>();
  readonly #requestsBySerial = new Map<string, Set<string>>();
  /**
   * Statuses by serial (and CA), trusted while #listening like the
   * request-bytes cache: a request with a nonce then costs one signature and
   * no database round trip.
   */
  readonly #statuses = new Map<string, { caId: string; status: OcspCertStatus; key: string }>();
  /** Counts the announced changes, so a status read while one arrived is not cached. */
  #changes = 0;
  /** CA of a CertID's (hash, name hash, key hash): the hashing is the costly part of matching. */
  readonly #issuerByHashes = new Map<string, { record: AuthorityRecord; info: CertificateInfo }>();
  #listening = false;
  #unsubscribe: (() => Promise<void>) | undefined;
  readonly #onLocalChange = (serial: string): void => {
    this.#forget(serial);
  };
  readonly #responders = new Map<string, Promise<Responder | undefined>>();
  #authorities: Promise<{ record: AuthorityRecord; info: CertificateInfo }[]> | undefined;

  constructor(ctx: AuthorityContext, options: OcspResponderOptions = {}) {
    this.#ctx = ctx;
    this.#validityMs = (options.validityMinutes ?? 60) * 60_000;
    this.#cacheEntries = options.cacheEntries ?? 50_000;
  }

  /** Subscribes to status changes, which turns on the request-bytes cache. */
  async start(): Promise<void> {
    if (this.#unsubscribe) return;
    this.#unsubscribe = await this.#ctx.db.listen(
      CERTIFICATE_STATUS_CHANNEL,
      (serial) => {
        this.#forget(serial);
      },
      () => {
        // Notifications may have been missed: trust nothing cached by request bytes again.
        this.#listening = false;
        this.#byRequest.clear();
        this.#requestsBySerial.clear();
        this.#statuses.clear();
        this.#changes++;
      },
    );
    certificateStatusChanges.on('changed', this.#onLocalChange);
    this.#listening = true;
  }

  async close(): Promise<void> {
    this.#listening = false;
    certificateStatusChanges.off('changed', this.#onLocalChange);
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    await unsubscribe?.();
  }

  #forget(serial: string): void {
    this.#changes++;
    this.#statuses.delete(serial);
    const keys = this.#requestsBySerial.get(serial);
    if (!keys) return;
    for (const key of keys) this.#byRequest.delete(key);
    this.#requestsBySerial.delete(serial);
  }

  /**
   * Answers one DER-encoded OCSPRequest with a DER-encoded OCSPResponse;
   * never throws for bad input. `admit` is asked only when a response must
   * be signed afresh (a nonce, or nothing cached): false answers `tryLater`.
   */
  async respond(requestDer: Uint8Array, admit?: () => boolean): Promise<Uint8Array> {
    const requestKey = this.#listening
      ? Buffer.from(requestDer.buffer, requestDer.byteOffset, requestDer.byteLength).toString('latin1')
      : undefined;
    if (requestKey !== undefined) {
      const hit = this.#byRequest.get(requestKey);
      if (hit && hit.freshUntil > this.#ctx.now().getTime()) {
        caMetrics.ocspResponses.inc({ cache: 'hit' });
        return hit.der;
      }
    }
    let request;
    try {
      request = parseOcspRequest(requestDer);
    } catch (error) {
      if (error instanceof PkiError) return createOcspErrorResponse('malformedRequest');
      throw error;
    }
    const first = request.certIds[0];
    if (!first) return createOcspErrorResponse('malformedRequest');
    const authority = await this.#authorityFor(first);
    if (!authority) return createOcspErrorResponse('unauthorized');
    const responder = await this.#responderFor(authority.record.id);
    if (!responder) return createOcspErrorResponse('unauthorized');

    const statuses = await Promise.all(
      request.certIds.map((certId) => this.#status(authority.record.id, certId)),
    );
    const cacheKey =
      request.nonce === undefined && request.certIds.length === 1
        ? `${authority.record.id}|${first.hashAlgorithm}|${first.serialNumberHex}|${statuses[0]!.key}`
        : undefined;
    const now = this.#ctx.now().getTime();
    if (cacheKey) {
      const hit = this.#cache.get(cacheKey);
      if (hit && hit.freshUntil > now) {
        caMetrics.ocspResponses.inc({ cache: 'hit' });
        return hit.der;
      }
    }
    if (admit && !admit()) return createOcspErrorResponse('tryLater');
    const thisUpdate = new Date(Math.floor(now / 1000) * 1000);
    const der = await createOcspResponse({
      responder: responder.signer,
      responderId: { byKey: responder.keyHash },
      producedAt: thisUpdate,
      responses: request.certIds.map((certId, i) => ({
        certId,
        status: statuses[i]!.status,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + this.#validityMs),
      })),
      ...(request.nonce ? { nonce: request.nonce } : {}),
      certificates: [responder.certificate],
    });
    caMetrics.ocspResponses.inc({ cache: 'miss' });
    const freshUntil = thisUpdate.getTime() + this.#validityMs / 2;
    if (cacheKey) this.#remember(cacheKey, { der, freshUntil });
    if (cacheKey && requestKey !== undefined && this.#listening) {
      const serial = first.serialNumberHex.replace(/^(00)+(?=.)/, '');
      if (this.#byRequest.size >= this.#cacheEntries) {
        this.#byRequest.clear();
        this.#requestsBySerial.clear();
      }
      this.#byRequest.set(requestKey, { der, freshUntil });
      let keys = this.#requestsBySerial.get(serial);
      if (!keys) {
        keys = new Set();
        this.#requestsBySerial.set(serial, keys);
      }
      keys.add(requestKey);
    }
    return der;
  }

  #remember(key: string, value: Cached): void {
    if (this.#cache.size >= this.#cacheEntries) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(key, value);
  }

  async #authorityFor(
    certId: OcspCertId,
  ): Promise<{ record: AuthorityRecord; info: CertificateInfo } | undefined> {
    const hashes = [certId.hashAlgorithm, certId.issuerNameHash, certId.issuerKeyHash]
      .map((part) => (typeof part === 'string' ? part : Buffer.from(part).toString('hex')))
      .join('|');
    const known = this.#issuerByHashes.get(hashes);
    if (known) return known;
    this.#authorities ??= listAuthorities(this.#ctx.db).then((list) =>
      list.map((record) => ({ record, info: parseCertificate(record.certificate) })),
    );
    for (const authority of await this.#authorities) {
      if (await certIdIssuedBy(certId, authority.info)) {
        this.#issuerByHashes.set(hashes, authority);
        return authority;
      }
    }
    // A CA created after the list was read: read it again once.
    this.#authorities = undefined;
    return undefined;
  }

  /**
   * The CA's responder, read again an hour after it was loaded or once its
   * certificate ends, so a responder certificate renewed by another node's
   * scheduler is taken up without a restart.
   */
  async #responderFor(caId: string): Promise<Responder | undefined> {
    const now = this.#ctx.now().getTime();
    const cached = await this.#responders.get(caId)?.catch(() => undefined);
    if (cached && cached.notAfter > now && now - cached.loadedAt < RESPONDER_RELOAD_MS) return cached;
    const responder = this.#loadResponder(caId);
    this.#responders.set(caId, responder);
    // Forget failures and absent responders so a later request retries.
    responder.then(
      (loaded) => {
        if (!loaded) this.#responders.delete(caId);
      },
      () => this.#responders.delete(caId),
    );
    return responder;
  }

  async #loadResponder(caId: string): Promise<Responder | undefined> {
    const { rows } = await this.#ctx.db.query<{ key_id: string; der: Uint8Array }>(
      `SELECT key_id, der FROM certificates
       WHERE ca_id = $1 AND purpose = 'ocsp' AND status = 'valid' AND not_after > $2 AND key_id IS NOT NULL
       ORDER BY not_after DESC LIMIT 1`,
      [caId, this.#ctx.now()],
    );
    const row = rows[0];
    if (!row) return undefined;
    const certificate = new Uint8Array(row.der);
    const info = parseCertificate(certificate);
    return {
      signer: await serviceSigner(this.#ctx.keyStore, { id: row.key_id }),
      certificate,
      keyHash: await keyIdentifier(info.asn1.tbsCertificate.subjectPublicKeyInfo),
      notAfter: info.notAfter.getTime(),
      loadedAt: this.#ctx.now().getTime(),
    };
  }

  async #status(caId: string, certId: OcspCertId): Promise<{ status: OcspCertStatus; key: string }> {
    const serial = certId.serialNumberHex.replace(/^(00)+(?=.)/, '');
    if (!this.#listening) return this.#readStatus(caId, serial);
    const cached = this.#statuses.get(serial);
    if (cached?.caId === caId) return cached;
    const changes = this.#changes;
    const read = await this.#readStatus(caId, serial);
    // A change announced (or the subscription lost) while reading may not be in what was read: leave it uncached.
    if (changes === this.#changes) {
      if (this.#statuses.size >= this.#cacheEntries) this.#statuses.clear();
      this.#statuses.set(serial, { caId, ...read });
    }
    return read;
  }

  async #readStatus(caId: string, serial: string): Promise<{ status: OcspCertStatus; key: string }> {
    const { rows } = await this.#ctx.db.query<StatusRow>(
      'SELECT status, revoked_at, revocation_reason, status_changed_at FROM certificates WHERE serial = $1 AND ca_id = $2',
      [serial, caId],
    );
    const row = rows[0];
    if (!row) return { status: 'unknown', key: 'unknown' };
    const key = `${row.status}|${row.status_changed_at.getTime()}`;
    if (row.status === 'valid') return { status: 'good', key };
    const reason: RevocationReason =
      row.status === 'suspended' ? 'certificateHold' : (row.revocation_reason ?? 'unspecified');
    return { status: { revoked: { time: row.revoked_at ?? row.status_changed_at, reason } }, key };
  }
}
