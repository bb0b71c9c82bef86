import type { paths } from './generated/schema.js';

type JsonBody<T> = T extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type JsonAnswer<T, S extends number> = T extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The body of POST /signing-operations, as the API takes it. */
export type CreateSigningOperation = JsonBody<paths['/api/v1/signing-operations']['post']>;
/** A signing operation as the API shows it. */
export type SigningOperation = JsonAnswer<paths['/api/v1/signing-operations/{id}']['get'], 200>;
/** The format's parameters (level, detached, mode, PAdES stamp …). */
export type SigningParameters = NonNullable<CreateSigningOperation['parameters']>;
export type SignatureFormat = CreateSigningOperation['format'];
/** How an operation is confirmed: { method: 'pin', pin } and the device methods. */
export type Confirmation = JsonBody<paths['/api/v1/signing-operations/{id}/confirm']['post']>;
/** The verification report of POST /verifications (JSON output). */
export type VerificationReport = Exclude<JsonAnswer<paths['/api/v1/verifications']['post'], 200>, string>;
/** One of my certificates, as GET /me/certificates/{serial} shows it. */
export type MyCertificate = JsonAnswer<paths['/api/v1/me/certificates/{serial}']['get'], 200>;
/** An uploaded document, as POST /documents answers. */
export type UploadedDocument = JsonAnswer<paths['/api/v1/documents']['post'], 201>;
/** The body of POST /encryptions. */
export type EncryptRequest = JsonBody<paths['/api/v1/encryptions']['post']>;
export type Recipient = EncryptRequest['recipients'][number];
export type ContentEncryption = NonNullable<EncryptRequest['contentEncryption']>;
/** A decryption operation as the API shows it. */
export type DecryptionOperation = JsonAnswer<paths['/api/v1/decryption-operations/{id}']['get'], 200>;
