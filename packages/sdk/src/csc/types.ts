/**
 * Requests and answers of the Cloud Signature Consortium API v2, written
 * from the specification's text (sections 11.x). Binary values are base64
 * strings as the specification sends them; field names are the
 * specification's, including its mixed case (SAD, SCAL, DocumentWithSignature).
 */

/** Answer of `info` (§11.1). */
export interface CscInfo {
  specs: string;
  name: string;
  logo: string;
  region: string;
  lang: string;
  description: string;
  authType: string[];
  /** Base URI of the OAuth 2.0 authorization server (its endpoints are under /oauth2/). */
  oauth2?: string;
  /** The authorization server's issuer, for RFC 8414 metadata. */
  oauth2Issuer?: string;
  asynchronousOperationMode?: boolean;
  methods: string[];
  validationInfo?: boolean;
  signAlgorithms?: { algos: string[]; algoParams?: string[] };
  signature_formats?: { formats: string[]; envelope_properties?: string[][] };
  conformance_levels?: string[];
}

/** Which certificates an answer carries: none, the end-entity one, or the whole chain. */
export type CertificatesChoice = 'none' | 'single' | 'chain';

/** Request of `credentials/list` (§11.4). */
export interface CredentialsListRequest {
  userID?: string;
  credentialInfo?: boolean;
  certificates?: CertificatesChoice;
  certInfo?: boolean;
  authInfo?: boolean;
  onlyValid?: boolean;
  lang?: string;
  clientData?: string;
}

/** Request of `credentials/info` (§11.5). */
export interface CredentialsInfoRequest {
  credentialID: string;
  certificates?: CertificatesChoice;
  certInfo?: boolean;
  authInfo?: boolean;
  lang?: string;
  clientData?: string;
}

/** One input the signer gives to authorize a credential (explicit mode). */
export interface AuthObject {
  type: string;
  id?: string;
  format?: string;
  label?: string;
  description?: string;
  generator?: string;
}

/** Answer of `credentials/info`: a credential's key, certificate and how it is authorized. */
export interface CredentialInfo {
  description?: string;
  signatureQualifier?: string;
  key: { status: 'enabled' | 'disabled'; algo: string[]; len: number; curve?: string };
  cert?: {
    status?: 'valid' | 'expired' | 'revoked' | 'suspended';
    certificates?: string[];
    issuerDN?: string;
    serialNumber?: string;
    subjectDN?: string;
    validFrom?: string;
    validTo?: string;
  };
  auth?: {
    mode: 'implicit' | 'explicit' | 'oauth2code';
    expression?: string;
    objects?: AuthObject[];
  };
  SCAL?: '1' | '2';
  multisign: number;
  lang?: string;
}

/** Answer of `credentials/list`. */
export interface CredentialsList {
  credentialIDs: string[];
  credentialInfos?: (CredentialInfo & { credentialID: string })[];
  onlyValid?: boolean;
}

/** Request of `credentials/authorize` (§11.6): explicit authorization of hashes. */
export interface CredentialsAuthorizeRequest {
  credentialID: string;
  numSignatures: number;
  hashes?: string[];
  hashAlgorithmOID?: string;
  authData?: { id: string; value: string }[];
  description?: string;
  clientData?: string;
}

/** Signature activation data and how many seconds it lasts. */
export interface SadAnswer {
  SAD: string;
  expiresIn?: number;
}

/** HTTP 202 of `credentials/authorize` or `credentials/authorizeCheck`: the authorization is underway (§11.6, §11.7). */
export interface PendingAuthorization {
  handle: string;
}

/** Request of `credentials/getChallenge` (§11.8). */
export interface GetChallengeRequest {
  credentialID: string;
  authObjectID: string;
  clientData?: string;
}

/** Request of `credentials/extendTransaction` (§11.9). */
export interface ExtendTransactionRequest {
  credentialID: string;
  hashes?: string[];
  hashAlgorithmOID?: string;
  SAD: string;
  clientData?: string;
}

/** Request of `credentials/sendOTP` (§11.10). */
export interface SendOtpRequest {
  credentialID: string;
  clientData?: string;
}

/** S: synchronous (signatures in the answer); A: asynchronous (a responseID to poll). */
export type OperationMode = 'S' | 'A';

/** Request of `signatures/signHash` (§11.11). */
export interface SignHashRequest {
  credentialID: string;
  SAD?: string;
  hashes: string[];
  hashAlgorithmOID?: string;
  signAlgo: string;
  signAlgoParams?: string;
  operationMode?: OperationMode;
  validity_period?: number;
  response_uri?: string;
  clientData?: string;
}

/** Answer of `signatures/signHash`: the signatures in the hashes' order, or a responseID in mode A. */
export interface SignHashAnswer {
  signatures?: string[];
  responseID?: string;
}

/** One document's digests to sign into an AdES signature (signDoc). */
export interface DocumentDigests {
  hashes: string[];
  hashAlgorithmOID: string;
  signature_format: string;
  conformance_level?: string;
  signAlgo: string;
  signAlgoParams?: string;
  signed_props?: { attribute_name: string; attribute_value?: string }[];
  signed_envelope_property?: string;
}

/** One whole document to sign (signDoc). */
export interface DocumentToSign {
  document: string;
  signature_format: string;
  conformance_level?: string;
  signAlgo: string;
  signAlgoParams?: string;
  signed_props?: { attribute_name: string; attribute_value?: string }[];
  signed_envelope_property?: string;
}

/** Request of `signatures/signDoc` (§11.12). */
export interface SignDocRequest {
  credentialID?: string;
  signatureQualifier?: string;
  SAD?: string;
  documentDigests?: DocumentDigests[];
  documents?: DocumentToSign[];
  operationMode?: OperationMode;
  validity_period?: number;
  response_uri?: string;
  clientData?: string;
  returnValidationInformation?: boolean;
}

/** Answer of `signatures/signDoc`. */
export interface SignDocAnswer {
  DocumentWithSignature?: string[];
  SignatureObject?: string[];
  responseID?: string;
  validationInfo?: { ocsp?: string[]; crl?: string[]; certificates?: string[] };
}

/** Request of `signatures/timestamp` (§11.14). */
export interface TimestampRequest {
  hash: string;
  hashAlgorithmOID: string;
  nonce?: string;
  clientData?: string;
}
