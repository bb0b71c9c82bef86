import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { SignatureVerifier } from '../../signing/verification/index.js';
import { renderReportHtml, renderReportPdf } from '../../signing/verification/report-render.js';
import { BinarySchema } from './operation-schemas.js';
import { problems } from './users-schemas.js';

export interface VerificationRoutesOptions {
  verifier: SignatureVerifier;
}

const MAX_BASE64 = 8 * 1024 * 1024;

const Indication = Type.Union(
  [Type.Literal('TOTAL_PASSED'), Type.Literal('INDETERMINATE'), Type.Literal('TOTAL_FAILED')],
  { description: 'ETSI EN 319 102-1 §5.1.3' },
);
const Message = Type.Object({
  code: Type.String(),
  message: Type.String(),
  index: Type.Optional(Type.Integer({ description: 'Position in the certificate path, 0 the trust anchor' })),
  rule: Type.Optional(Type.String({ description: 'e.g. RFC5280 4.2.1.9' })),
});
const Certificate = Type.Object({
  serial: Type.String(),
  subject: Type.String(),
  issuer: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
});
const SignatureSchema = Type.Object({
  index: Type.Integer({ description: 'The signers first, then counter-signatures' }),
  counterSignatureOf: Type.Optional(
    Type.Integer({
      description:
        'For a counter-signature (RFC 5652 §11.4): the index of the signature whose value it signs',
    }),
  ),
  indication: Indication,
  subIndication: Type.Optional(
    Type.String({ description: 'Why, when not TOTAL_PASSED (ETSI sub-indication)' }),
  ),
  level: Type.String({ description: 'CAdES-BES, CAdES-T, CAdES-X-Long-Type-1, PAdES-B-B, PAdES-B-T' }),
  signer: Type.Union([Certificate, Type.Null()]),
  qualified: Type.Boolean({ description: 'A qualified certificate by the Russian profile (FSB order 795)' }),
  claimedSigningTime: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  bestSignatureTime: Type.String({
    format: 'date-time',
    description: 'Proven by a signature time stamp, else the verification time',
  }),
  chain: Type.Array(Certificate, { description: 'Trust anchor first' }),
  revocation: Type.Object({
    status: Type.Union([
      Type.Literal('good'),
      Type.Literal('revoked'),
      Type.Literal('unknown'),
      Type.Literal('not-checked'),
    ]),
    source: Type.Union([Type.Literal('embedded'), Type.Literal('fetched'), Type.Literal('none')]),
    revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
  }),
  timeStamps: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('signature'), Type.Literal('references')]),
      genTime: Type.String({ format: 'date-time' }),
      tsa: Type.Union([Type.String(), Type.Null()]),
      ok: Type.Boolean(),
    }),
  ),
  coverage: Type.Optional(
    Type.Object({
      wholeDocument: Type.Boolean(),
      changes: Type.String({ description: 'UNCHANGED, ALLOWED_CHANGES or DISALLOWED_CHANGES' }),
      disallowedChanges: Type.Array(Type.String()),
    }),
  ),
  messages: Type.Array(Message),
});
export const VerificationReportSchema = Type.Object({
  format: Type.String({ description: 'cades or pades' }),
  verifiedAt: Type.String({ format: 'date-time' }),
  indication: Indication,
  subIndication: Type.Optional(Type.String()),
  signatures: Type.Array(SignatureSchema),
  messages: Type.Array(Message),
});

const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** Signature verification (issue #11 point 5): a report per signature, for anybody signed in. */
export const verificationRoutes: FastifyPluginAsyncTypebox<VerificationRoutesOptions> = async (
  app,
  { verifier },
) => {
  app.post(
    '/verifications',
    {
      preHandler: requireRole(['user', 'operator', 'admin'], { scope: 'signing' }),
      schema: {
        tags: ['signing'],
        summary:
          'Verify signatures: a signed PDF, or a CMS signature (ours, OpenSSL’s, CryptoPro’s) with its document when detached. A report per signature in ETSI EN 319 102-1 terms: cryptography, time stamps, the path to a trusted root, revocation at the signing time (embedded values, else asked now), the Russian qualified profile, what a PDF signature covers',
        body: Type.Object(
          {
            signature: Type.Optional(
              Type.String({
                contentEncoding: 'base64',
                maxLength: MAX_BASE64,
                description: 'CMS SignedData (DER, base64)',
              }),
            ),
            document: Type.Optional(
              Type.String({
                contentEncoding: 'base64',
                maxLength: MAX_BASE64,
                description: 'The signed PDF, or the content a detached signature signs (base64)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          {
            output: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('pdf')], {
                description: 'json (default); html or pdf: the report for people',
              }),
            ),
            lang: Type.Optional(
              Type.Union([Type.Literal('ru'), Type.Literal('en')], { description: 'ru (default) or en' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Union([VerificationReportSchema, Type.String({ description: 'html' }), BinarySchema]),
          ...problems(400, 401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const report = await verifier.verify({
        ...(request.body.signature !== undefined ? { signature: fromBase64(request.body.signature) } : {}),
        ...(request.body.document !== undefined ? { document: fromBase64(request.body.document) } : {}),
      });
      const language = request.query.lang ?? 'ru';
      switch (request.query.output) {
        case 'html':
          return reply.type('text/html; charset=utf-8').send(renderReportHtml(report, language));
        case 'pdf':
          return reply
            .type('application/pdf')
            .header('content-disposition', 'attachment; filename="verification-report.pdf"')
            .send(await renderReportPdf(report, language));
        default:
          return report;
      }
    },
  );
};
