import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** A colleague's certificate to encrypt to, as GET /api/v1/recipients finds it. */
export type Recipient = Json<paths['/api/v1/recipients']['get']['responses'][200]>[number];

/** The content ciphers POST /api/v1/encryptions takes. */
export type ContentEncryption = NonNullable<
  NonNullable<
    paths['/api/v1/encryptions']['post']['requestBody']
  >['content']['application/json']['contentEncryption']
>;

/** One page of signing history, as GET /api/v1/signing-operations answers it (the operator's view alike). */
export type SigningHistoryPage = Json<paths['/api/v1/signing-operations']['get']['responses'][200]>;
export type SigningOperation = SigningHistoryPage['operations'][number];
export type SigningStatus = SigningOperation['status'];
export type SigningFormat = SigningOperation['format'];

/** The history's filters, as both history endpoints take them. */
export type SigningHistoryQuery = NonNullable<
  paths['/api/v1/signing-operations']['get']['parameters']['query']
>;

/** A decryption operation, as POST /api/v1/decryption-operations answers it. */
export type DecryptionOperation = Json<paths['/api/v1/decryption-operations']['post']['responses'][201]>;
