import type { KoaContextWithOIDC } from 'oidc-provider';
import { errors } from './oidc-provider.js';

/**
 * The CSC API v2 authorisation detail of type `credential` (RFC 9396 rich
 * authorisation request): the user authorises a signature with one
 * credential over these document hashes, each with a label to show.
 */
export interface CredentialAuthorizationDetail {
  type: 'credential';
  credentialID: string;
  hashAlgorithmOID: string;
  documentDigests: { hash: string; label?: string }[];
  signatureQualifier?: string;
  locations?: string[];
}

const CREDENTIAL_FIELDS = new Set([
  'type',
  'credentialID',
  'hashAlgorithmOID',
  'documentDigests',
  'signatureQualifier',
  'locations',
]);
const DIGEST_FIELDS = new Set(['hash', 'label']);
const OID = /^[0-2](\.(0|[1-9][0-9]*)){1,30}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** A signature request names a handful of documents; this bounds what one consent page shows. */
const MAX_DIGESTS = 100;

function refuse(message: string): never {
  throw new errors.InvalidAuthorizationDetails(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one `credential` detail's shape; unknown fields are refused (RFC 9396 §5). */
export function validateCredentialDetail(
  _ctx: KoaContextWithOIDC | undefined,
  detail: Record<string, unknown>,
): void {
  for (const field of Object.keys(detail)) {
    if (!CREDENTIAL_FIELDS.has(field)) refuse(`credential details: unknown field ${field.slice(0, 50)}`);
  }
  const { credentialID, hashAlgorithmOID, documentDigests, signatureQualifier, locations } = detail;
  if (typeof credentialID !== 'string' || credentialID.length === 0 || credentialID.length > 200) {
    refuse('credential details: credentialID must be a non-empty string');
  }
  if (typeof hashAlgorithmOID !== 'string' || !OID.test(hashAlgorithmOID)) {
    refuse('credential details: hashAlgorithmOID must be a dotted OID');
  }
  if (
    !Array.isArray(documentDigests) ||
    documentDigests.length === 0 ||
    documentDigests.length > MAX_DIGESTS
  ) {
    refuse(`credential details: documentDigests must list 1 to ${MAX_DIGESTS} digests`);
  }
  for (const digest of documentDigests) {
    if (!isRecord(digest)) refuse('credential details: each document digest is an object');
    for (const field of Object.keys(digest)) {
      if (!DIGEST_FIELDS.has(field)) refuse(`credential details: unknown digest field ${field.slice(0, 50)}`);
    }
    if (typeof digest.hash !== 'string' || !BASE64.test(digest.hash) || digest.hash.length > 200) {
      refuse('credential details: each digest needs its hash in base64');
    }
    if (digest.label !== undefined && (typeof digest.label !== 'string' || digest.label.length > 200)) {
      refuse('credential details: a digest label is a string of at most 200 characters');
    }
  }
  if (signatureQualifier !== undefined && typeof signatureQualifier !== 'string') {
    refuse('credential details: signatureQualifier must be a string');
  }
  if (
    locations !== undefined &&
    (!Array.isArray(locations) || !locations.every((l) => typeof l === 'string'))
  ) {
    refuse('credential details: locations must be a list of strings');
  }
}

/** The `credential` details among a token's or grant's authorisation details. */
export function credentialDetailsOf(details: unknown): CredentialAuthorizationDetail[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (detail): detail is CredentialAuthorizationDetail => isRecord(detail) && detail.type === 'credential',
  );
}

/** The CSC v2 request parameters of a credential authorisation in the scope form (`scope=credential`). */
export const CREDENTIAL_SCOPE_PARAMETERS = [
  'credentialID',
  'numSignatures',
  'hashes',
  'hashAlgorithmOID',
  'description',
  'signatureQualifier',
] as const;

/**
 * CSC v2's other way to ask for a credential authorisation: `scope=credential`
 * with `credentialID`, `numSignatures`, `hashes` (base64url, separated by
 * commas) and `hashAlgorithmOID` as request parameters — the same as one
 * `credential` authorisation detail over those hashes, which is what it
 * becomes (and is validated as). Undefined when the request has no
 * `credentialID`; `invalid_request` for a half-given or inconsistent form,
 * or one sent together with `credential` authorisation details.
 */
export function credentialScopeDetail(
  params: Record<string, unknown>,
): CredentialAuthorizationDetail | undefined {
  const { credentialID, numSignatures, hashes, hashAlgorithmOID, signatureQualifier } = params;
  if (credentialID === undefined || credentialID === null) return undefined;
  const invalid = (message: string): never => {
    throw new errors.InvalidRequest(message);
  };
  const scopes = typeof params.scope === 'string' ? params.scope.split(' ') : [];
  if (!scopes.includes('credential')) invalid('credentialID is a parameter of scope=credential');
  if (typeof params.authorization_details === 'string') {
    invalid(
      'give a credential authorisation either as authorization_details or as scope=credential parameters',
    );
  }
  if (typeof hashes !== 'string' || hashes === '') invalid('scope=credential needs hashes');
  if (typeof hashAlgorithmOID !== 'string') invalid('scope=credential needs hashAlgorithmOID');
  const list = (hashes as string).split(',');
  if (typeof numSignatures !== 'string' || !/^[1-9][0-9]{0,3}$/.test(numSignatures)) {
    invalid('scope=credential needs numSignatures, a positive number');
  }
  if (Number(numSignatures) !== list.length) {
    invalid(`numSignatures (${String(numSignatures)}) must equal the number of hashes (${list.length})`);
  }
  const detail: Record<string, unknown> = {
    type: 'credential',
    credentialID,
    hashAlgorithmOID,
    documentDigests: list.map((hash) => ({ hash })),
    ...(signatureQualifier !== undefined ? { signatureQualifier } : {}),
  };
  validateCredentialDetail(undefined, detail);
  return detail as unknown as CredentialAuthorizationDetail;
}
