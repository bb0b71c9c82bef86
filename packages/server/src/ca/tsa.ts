import {
  createTimeStampResponse,
  createTimeStampToken,
  OID,
  parseCertificate,
  parseTimeStampRequest,
  PkiError,
  type Signer,
  type TimeStampFailure,
} from '@podpis/pki';
import { serviceSigner } from '../keystore/index.js';
import type { AuthorityContext } from './authorities.js';
import { authorityIdOf, PROFILE_IDS, profilesOf } from './profiles.js';
import { newSerialNumber } from './serial.js';

/**
 * The TSA policy under which tokens are issued (TSTInfo.policy). Podpis has
 * no registered OID arc yet, so the default sits under the enterprise
 * number IANA reserves for documentation (RFC 5612, 32473) and 3161 for the
 * RFC: an operator whose regulations (регламент УЦ) name a time-stamp policy
 * passes its OID as `policy`.
 */
export const DEFAULT_TSA_POLICY = '1.3.6.1.4.1.32473.3161.1';

/** The digests a request may carry, with the length each must have. */
const ACCEPTED_DIGESTS: ReadonlyMap<string, number> = new Map([
  [OID.sha256, 32],
  [OID.sha384, 48],
  [OID.sha512, 64],
  [OID.streebog256, 32],
  [OID.streebog512, 64],
]);

interface TsaSigner {
  signer: Signer;
  certificate: Uint8Array;
  notAfter: number;
  loadedAt: number;
}

const RELOAD_MS = 60_000;

export interface TimeStampAuthorityOptions {
  /** TSTInfo.policy and the only reqPolicy accepted; default DEFAULT_TSA_POLICY. */
  policy?: string;
  /** The CA whose TSA certificate signs tokens; default the one the TSA profile names (the GOST issuing CA). */
  caId?: string;
}

/**
 * The time-stamp authority (RFC 3161): answers a DER TimeStampReq with a DER
 * TimeStampResp, signed by the key of the CA's TSA certificate (critical EKU
 * timeStamping) with ESS signingCertificateV2.
 *
 * - genTime is this node's clock in whole seconds, accuracy ±1 s.
 * - Serial numbers are 128 random bits: unique across nodes without a
 *   shared counter or a database write per token.
 * - Tokens are not stored and not audited: a token is the requester's
 *   evidence and carries everything needed to check it; recording each one
 *   would put a write (and an audit record) on every signature's path. The
 *   TSA certificate's issuance is audited.
 * - Bad input is a rejection, never an exception: unknown digest → badAlg;
 *   undecodable request or wrong digest length → badDataFormat; another
 *   policy → unacceptedPolicy; any extension → unacceptedExtension; no
 *   valid TSA certificate → systemFailure.
 */
export class TimeStampAuthority {
  readonly #ctx: AuthorityContext;
  readonly #policy: string;
  readonly #caId: string;
  #signer: Promise<TsaSigner | undefined> | undefined;

  constructor(ctx: AuthorityContext, options: TimeStampAuthorityOptions = {}) {
    this.#ctx = ctx;
    this.#policy = options.policy ?? DEFAULT_TSA_POLICY;
    this.#caId = options.caId ?? authorityIdOf(profilesOf(ctx).get(PROFILE_IDS.tsa));
  }

  /**
   * Answers one DER-encoded TimeStampReq with a DER-encoded TimeStampResp.
   * `admit` is asked just before signing (the costly part): false answers
   * a rejection, so a flood is turned away for the price of parsing.
   */
  async respond(requestDer: Uint8Array, admit?: () => boolean): Promise<Uint8Array> {
    let request;
    try {
      request = parseTimeStampRequest(requestDer);
    } catch (error) {
      if (error instanceof PkiError) return rejection('badDataFormat', 'the request is not a TimeStampReq');
      throw error;
    }
    const { hashAlgorithm, digest } = request.messageImprint;
    const length = ACCEPTED_DIGESTS.get(hashAlgorithm);
    if (length === undefined) return rejection('badAlg', `hash algorithm ${hashAlgorithm} is not accepted`);
    if (digest.length !== length)
      return rejection('badDataFormat', `the digest is ${digest.length} bytes, not ${length}`);
    if (request.policy !== undefined && request.policy !== this.#policy)
      return rejection('unacceptedPolicy', `policy ${request.policy} is not offered`);
    if (request.extensions.length > 0)
      return rejection('unacceptedExtension', 'no request extensions are supported');

    if (admit && !admit()) return rejection('systemFailure', 'too many time-stamp requests: retry later');
    const now = this.#ctx.now();
    const tsa = await this.#current(now);
    if (!tsa) return rejection('systemFailure', 'the time-stamp authority has no valid certificate');
    const token = await createTimeStampToken({
      tsa: tsa.signer,
      tsaCertificate: tsa.certificate,
      policy: this.#policy,
      serialNumber: BigInt(`0x${Buffer.from(newSerialNumber()).toString('hex')}`),
      genTime: now,
      messageImprint: request.messageImprint,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      accuracy: { seconds: 1 },
      includeCertificate: request.certReq,
    });
    return createTimeStampResponse('granted', token);
  }

  /**
   * The TSA key and certificate, read again after a minute (so a revoked or
   * replaced certificate stops being used on every node) or once expired.
   */
  async #current(now: Date): Promise<TsaSigner | undefined> {
    const cached = await this.#signer?.catch(() => undefined);
    if (cached && cached.notAfter > now.getTime() && now.getTime() - cached.loadedAt < RELOAD_MS)
      return cached;
    const loading = this.#load(now);
    this.#signer = loading;
    return loading;
  }

  async #load(now: Date): Promise<TsaSigner | undefined> {
    const { rows } = await this.#ctx.db.query<{ key_id: string; der: Uint8Array }>(
      `SELECT key_id, der FROM certificates
       WHERE ca_id = $1 AND purpose = 'tsa' AND status = 'valid' AND not_before <= $2 AND not_after > $2
         AND key_id IS NOT NULL
       ORDER BY not_after DESC LIMIT 1`,
      [this.#caId, now],
    );
    const row = rows[0];
    if (!row) return undefined;
    const certificate = new Uint8Array(row.der);
    return {
      signer: await serviceSigner(this.#ctx.keyStore, { id: row.key_id }),
      certificate,
      notAfter: parseCertificate(certificate).notAfter.getTime(),
      loadedAt: now.getTime(),
    };
  }
}

function rejection(failInfo: TimeStampFailure, statusString: string): Uint8Array {
  return createTimeStampResponse('rejection', undefined, { failInfo, statusString });
}
