/**
 * @podpis/sdk — the TypeScript SDK of the Podpis API. See README.md.
 * The CSC API v2 client is `@podpis/sdk/csc`.
 */
export { PodpisClient, unwrap, type PodpisApi, type PodpisClientOptions } from './client.js';
export { PodpisError, problemError, type FieldProblem } from './errors.js';
export { connectionError, nodeTlsFetch, type Fetch, type TlsOptions } from './transport.js';
export {
  DIGESTS,
  DIGEST_NAMES,
  chunksOf,
  createDigest,
  digestForKey,
  digestSource,
  type ByteSource,
  type DigestName,
  type IncrementalHash,
  type KeyDigestName,
  type SourceDigest,
} from './digest.js';
export {
  cancelSigningOperation,
  confirmSigningOperation,
  createSigningOperation,
  deleteDocument,
  getSigningOperation,
  hashThenSign,
  keyDigest,
  myCertificate,
  signAndWait,
  signingResult,
  signingResultStream,
  uploadDocument,
  type HashThenSignOptions,
  type HashThenSignRequest,
  type LocalDocument,
  type SignAndWaitOptions,
  type SignAndWaitResult,
  type SignDocument,
  type SignRequest,
} from './signing.js';
export { verify, verificationReport, type VerifyRequest } from './verification.js';
export {
  decrypt,
  encrypt,
  type DecryptOptions,
  type DecryptRequest,
  type EncryptRequest,
} from './encryption.js';
export type { WaitOptions } from './wait.js';
export type * from './types.js';
export type { paths, components } from './generated/schema.js';
export { fromBase64, fromHex, toBase64, toHex } from './bytes.js';
