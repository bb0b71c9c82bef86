/**
 * @podpis/pki — certificates, requests, CRL, OCSP, time stamps, CMS/CAdES
 * and the Russian qualified profile. Pure: no I/O, time is passed in.
 */
export { PkiError, type PkiErrorCode } from './errors.js';
export {
  checkInn,
  checkInnLe,
  checkOgrn,
  checkOgrnIp,
  checkSnils,
  normaliseSnils,
  type IdentifierProblem,
} from './profiles/identifiers.js';
export {
  validateQualifiedSubject,
  type QualifiedSubject,
  type SubjectKind,
  type ProfileField,
  type ProfileProblem,
  type ProfileProblemCode,
} from './profiles/qualified.js';
export { OID, oidName, type OidName } from './oids.js';
export {
  generateSoftwareKey,
  importSoftwareKey,
  verifySignature,
  isSupportedSignatureAlgorithm,
  type KeySpec,
  type Signer,
  type SoftwareKey,
} from './algorithms/index.js';
export { parseDer, toDer, checkDerStructure, type DerLimits } from './asn1/der.js';
export {
  buildName,
  formatName,
  nameAttributes,
  qualifiedSubjectName,
  type NameAttribute,
} from './x509/name.js';
export { type CertificateExtensions, type KeyUsageName } from './x509/extensions.js';
export { IssuerSignTool, type IdentificationKind } from './x509/russian-extensions.js';
export {
  issueCertificate,
  parseCertificate,
  verifyCertificateSignature,
  keyIdentifier,
  type CertificateTemplate,
  type CertificateInfo,
} from './x509/certificate.js';
export {
  createCertId,
  certIdOf,
  certIdIssuedBy,
  certIdMatches,
  sameCertId,
  type CertIdHash,
  type OcspCertId,
} from './ocsp/cert-id.js';
export {
  createOcspRequest,
  parseOcspRequest,
  type OcspRequestOptions,
  type OcspRequestInfo,
} from './ocsp/request.js';
export {
  createOcspResponse,
  createOcspErrorResponse,
  parseOcspResponse,
  verifyOcspResponseSignature,
  type OcspBasicResponseInfo,
  type OcspCertStatus,
  type OcspErrorStatus,
  type OcspResponderId,
  type OcspResponseInfo,
  type OcspResponseOptions,
  type OcspSingleResponse,
} from './ocsp/response.js';
export {
  createCertificationRequest,
  parseCertificationRequest,
  verifyCertificationRequest,
  type CertificationRequestTemplate,
  type ParsedCertificationRequest,
} from './csr/request.js';
export { type ExtensionValues, type AlternativeNames } from './x509/extension-values.js';
export { createCrl, parseCrl, verifyCrlSignature, type CrlTemplate, type CrlInfo } from './crl/crl.js';
export {
  CRL_REASON_CODES,
  type RevocationReason,
  type CrlEntry,
  type RevokedCertificateEntry,
} from './crl/revoked-entries.js';
