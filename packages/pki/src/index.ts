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
  deferSignature,
  digestAlgorithmOf,
  ecdsaRawToDer,
  generateSoftwareKey,
  hashForSigner,
  importSoftwareKey,
  rsaDigestInfo,
  signatureAlgorithmFor,
  verifySignature,
  isSupportedSignatureAlgorithm,
  type DeferredSignature,
  type KeySpec,
  type Signer,
  type SoftwareKey,
} from './algorithms/index.js';
export { parseDer, toDer, checkDerStructure, type DerLimits } from './asn1/der.js';
export { digest, digestLength } from './cms/digest.js';
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
export { derChildren } from './ocsp/der-children.js';
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
  ocspResponseOf,
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
export {
  validatePath,
  type PathValidationCode,
  type PathValidationFailure,
  type PathValidationNote,
  type PathValidationOptions,
  type PathValidationResult,
  type PolicyOptions,
} from './validate/path-validation.js';
export { type RevocationOptions } from './validate/revocation.js';
export {
  dnsNameMatches,
  parseIpAddress,
  type KeyRequirements,
  type PathRequirements,
  type PeerName,
} from './validate/requirements.js';
export { type ProfileViolationCode } from './validate/profile.js';
export { buildCandidatePaths, type ChainBuildingOptions } from './validate/chain-builder.js';
export { namesEqual } from './validate/name-compare.js';
export { signedAttributesMessageDigest } from './cms/signed-data.js';
export {
  signCms,
  signCmsDigest,
  prepareCmsDigestSignature,
  parseCms,
  verifyCms,
  addCoSignature,
  addCounterSignature,
  type CmsAttribute,
  type CmsSignerOptions,
  type SignCmsOptions,
  type SignCmsDigestOptions,
  type PreparedCmsSignature,
  type CmsSignerId,
  type CmsSignerInfo,
  type ParsedCms,
  type CmsVerifyCode,
  type CmsSignerVerification,
  type CmsVerification,
  type VerifyCmsOptions,
} from './cms/signed-data.js';
export { attachedContentFraming, type AttachedFraming } from './cms/attach-content.js';
export {
  encryptCms,
  decryptCms,
  envelopeRecipientSerials,
  importRecipientKey,
  type EncryptCmsOptions,
  type DecryptCmsOptions,
  type ContentEncryption,
  type RecipientKey,
  type OaepHash,
} from './cms/enveloped-data.js';
export {
  createTimeStampRequest,
  parseTimeStampRequest,
  type TimeStampImprint,
  type TimeStampRequestOptions,
  type TimeStampRequestInfo,
} from './tsp/request.js';
export {
  createTimeStampToken,
  createTimeStampResponse,
  parseTimeStampResponse,
  parseTimeStampToken,
  verifyTimeStampToken,
  type TimeStampAccuracy,
  type TimeStampTokenOptions,
  type TstInfoValues,
  type ParsedTimeStampToken,
  type TimeStampStatus,
  type TimeStampFailure,
  type TimeStampResponseInfo,
  type TimeStampVerifyCode,
  type TimeStampVerification,
} from './tsp/token.js';
export {
  addSignatureTimeStamp,
  extendToXLongType1,
  parseCadesLevel,
  escTimeStampInput,
  type TsaCallback,
  type XLongType1Options,
  type CadesLevel,
  type CadesInfo,
  type CertificateReference,
  type RevocationReference,
  type OtherHashValue,
} from './cms/cades.js';
export {
  createPkcs12,
  parsePkcs12,
  DEFAULT_PKCS12_ITERATIONS,
  type Pkcs12Options,
  type Pkcs12Contents,
} from './pkcs12/pkcs12.js';
export { preparePdfSignature, inspectPdfSignatures } from './pdf/lazy.js';
export type { PadesLevel, PreparePdfSignatureOptions, PreparedPdfSignature } from './pdf/pdf-signature.js';
export type { PdfStampOptions } from './pdf/stamp.js';
export type { PdfChangeVerdict, PdfSignatureInfo } from './pdf/inspect.js';
export {
  prepareXmlSignature,
  type PrepareXmlSignatureOptions,
  type PreparedXmlSignature,
  type XmlSignatureMode,
  type XmlSignatureLevel,
} from './xml/sign.js';
export { addXadesTimeStamp } from './xml/xades.js';
export {
  verifyXmlSignatures,
  type VerifyXmlSignaturesOptions,
  type XmlSignatureVerification,
  type XmlSignatureVerificationLevel,
  type XmlReferenceVerification,
  type XmlTimeStampVerification,
  type XmlVerifyCode,
  type XmlVerifyFailure,
} from './xml/verify.js';
export * from './labels.js';
export { publicKeyDetail, type PublicKeyDetail } from './x509/public-key-detail.js';
