import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAuthorities, findAuthority, type AuthorityContext } from '../../ca/authorities.js';
import { currentCrl, type PublishedCrl } from '../../ca/crls.js';
import { currentCrlShard } from '../../ca/crl-shards.js';
import { authoritiesWithTsa } from '../../ca/overview.js';
import type { OcspResponder } from '../../ca/ocsp-responder.js';
import { TimeStampAuthority } from '../../ca/tsa.js';
import { PublicSigningLimiter } from '../../core/signing-rate-limit.js';
import { ApiError } from '../problem.js';
import { toPem as pem } from '../../ca/pem.js';
import { authorityFields, authorityView } from './authority-schemas.js';

export interface PkiRoutesOptions {
  ca: AuthorityContext;
  ocsp: OcspResponder;
  /** The time-stamp authority; one over `ca` with the default policy if absent. */
  tsa?: TimeStampAuthority;
  /** Shared by every listener of the node; one with the default limits if absent. */
  signingLimiter?: PublicSigningLimiter;
}

const OCSP_REQUEST_LIMIT = 64 * 1024;
const TIME_STAMP_QUERY_LIMIT = 64 * 1024;

/**
 * The public PKI endpoints that certificates point to (RFC 5280 CDP and AIA,
 * RFC 6960 OCSP), without authentication: the CA directory, CA
 * certificates, CRLs, the OCSP responder and the time-stamp authority
 * (RFC 3161). Served on the plain-HTTP listener and over HTTPS alike.
 */
/** A Buffer over the same bytes (Fastify sends Buffers as they are). */
function bufferView(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The DER request of an OCSP GET: base64, percent-encoded once more by some
 * clients. A malformed escape yields no bytes, which the responder answers
 * as it answers any unparsable request (malformedRequest).
 */
function base64Path(path: string): Uint8Array {
  let encoded: string;
  try {
    encoded = decodeURIComponent(path);
  } catch {
    return new Uint8Array(0);
  }
  return new Uint8Array(Buffer.from(encoded, 'base64'));
}

export const pkiRoutes: FastifyPluginAsyncTypebox<PkiRoutesOptions> = async (app, options) => {
  const { ca, ocsp } = options;
  const tsa = options.tsa ?? new TimeStampAuthority(ca);
  const limiter = options.signingLimiter ?? new PublicSigningLimiter();
  /**
   * The limiter's question for one request, and whether it said no: the
   * answer is then sent with 429 and Retry-After, its body still the
   * protocol's own (OCSP tryLater, TSP rejection) for clients that read it.
   */
  const admission = (request: FastifyRequest) => {
    const state = { refused: false };
    return {
      admit: () => {
        state.refused = !limiter.admit(request.ip);
        return !state.refused;
      },
      send: (reply: FastifyReply, type: string, der: Uint8Array) => {
        if (state.refused) reply.code(429).header('retry-after', '1').header('cache-control', 'no-store');
        return reply.type(type).send(bufferView(der));
      },
    };
  };
  app.addContentTypeParser(
    'application/ocsp-request',
    { parseAs: 'buffer', bodyLimit: OCSP_REQUEST_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );
  app.addContentTypeParser(
    'application/timestamp-query',
    { parseAs: 'buffer', bodyLimit: TIME_STAMP_QUERY_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get(
    '/pki/cas',
    {
      schema: {
        tags: ['pki'],
        summary: 'Every certification authority with its certificate, CRL, OCSP and time-stamp URLs',
        response: {
          200: Type.Array(
            Type.Object({
              ...authorityFields,
              deltaCrlUrl: Type.String(),
              ocspUrl: Type.String(),
              tsaUrl: Type.Optional(Type.String()),
              certificatePem: Type.String(),
            }),
          ),
        },
      },
    },
    async () => {
      const tsaCas = await authoritiesWithTsa(ca.db, ca.now());
      return (await listAuthorities(ca.db)).map((authority) => ({
        ...authorityView(ca, authority),
        deltaCrlUrl: ca.urls.deltaCrl(authority.id),
        ocspUrl: ca.urls.ocsp(),
        ...(tsaCas.has(authority.id) ? { tsaUrl: ca.urls.tsa() } : {}),
        certificatePem: pem('CERTIFICATE', authority.certificate),
      }));
    },
  );

  app.get(
    '/pki/ca/:file',
    {
      schema: {
        tags: ['pki'],
        summary: 'A CA certificate (DER; `.pem` for PEM), the caIssuers URL of issued certificates',
        params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.(crt|cer|der|pem)$' }) }),
      },
    },
    async (request, reply) => {
      const [id = '', extension] = request.params.file.split('.');
      const authority = await findAuthority(ca.db, id);
      if (extension === 'pem')
        return reply.type('application/x-pem-file').send(pem('CERTIFICATE', authority.certificate));
      return reply.type('application/pkix-cert').send(Buffer.from(authority.certificate));
    },
  );

  /** A CRL as DER, cached by relying parties and proxies until its nextUpdate. */
  const sendCrl = (reply: FastifyReply, crl: PublishedCrl) =>
    reply
      .type('application/pkix-crl')
      .header(
        'cache-control',
        `public, max-age=${Math.max(0, Math.floor((crl.nextUpdate.getTime() - ca.now().getTime()) / 1000))}`,
      )
      .send(Buffer.from(crl.der));

  app.get(
    '/pki/crl/:file',
    {
      schema: {
        tags: ['pki'],
        summary:
          "A CA's current complete CRL (`<ca>.crl`, the CRL distribution point of issued certificates) or delta CRL (`<ca>-delta.crl`, their freshestCRL), DER",
        params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.crl$' }) }),
      },
    },
    async (request, reply) => {
      const delta = /-delta\.crl$/.test(request.params.file);
      const id = request.params.file.replace(/(-delta)?\.crl$/, '');
      await findAuthority(ca.db, id);
      return sendCrl(reply, await currentCrl(ca, id, delta ? 'delta' : 'complete'));
    },
  );

  app.get(
    '/pki/crl/:ca/:file',
    {
      schema: {
        tags: ['pki'],
        summary:
          'One CRL shard of a CA (`<ca>/<shard>.crl`, the CRL distribution point of the certificates issued into it), DER, with a critical issuingDistributionPoint naming this URL',
        params: Type.Object({
          ca: Type.String({ pattern: '^[a-z0-9-]+$' }),
          file: Type.String({ pattern: '^[0-9]{1,4}\\.crl$' }),
        }),
      },
    },
    async (request, reply) => {
      const shard = Number(request.params.file.replace(/\.crl$/, ''));
      return sendCrl(reply, await currentCrlShard(ca, request.params.ca, shard));
    },
  );

  app.post(
    '/pki/ocsp',
    { schema: { tags: ['pki'], summary: 'OCSP (RFC 6960) over POST: body application/ocsp-request' } },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send the OCSP request as application/ocsp-request',
        );
      }
      // Views, not copies: this is the hottest path of the relying-party listener.
      const limited = admission(request);
      return limited.send(
        reply,
        'application/ocsp-response',
        await ocsp.respond(request.body, limited.admit),
      );
    },
  );

  app.get(
    '/pki/ocsp/*',
    {
      schema: {
        tags: ['pki'],
        summary: 'OCSP (RFC 6960 appendix A.1) over GET: base64 of the DER request in the path',
      },
    },
    async (request, reply) => {
      const der = base64Path((request.params as { '*': string })['*']);
      const limited = admission(request);
      const answer = await ocsp.respond(der, limited.admit);
      return limited.send(
        reply.header('cache-control', 'public, max-age=300'),
        'application/ocsp-response',
        answer,
      );
    },
  );

  app.post(
    '/pki/tsp',
    {
      schema: {
        tags: ['pki'],
        summary: 'Time-stamp protocol (RFC 3161 §3.4): body application/timestamp-query',
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send the time-stamp request as application/timestamp-query',
        );
      }
      const limited = admission(request);
      const answer = await tsa.respond(new Uint8Array(request.body), limited.admit);
      return limited.send(reply, 'application/timestamp-reply', answer);
    },
  );
};
