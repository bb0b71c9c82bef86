/**
 * ASN.1 structures of CMS (RFC 5652), ESS (RFC 5035) and CAdES (RFC 5126)
 * that `@peculiar/asn1-cms` lacks or models too narrowly. Certificates, CRLs
 * and revocation values are kept as raw DER so hashes over them are exact.
 */
import { DigestAlgorithmIdentifiers, EncapsulatedContentInfo, SignerInfos } from '@peculiar/asn1-cms';
import { ResponderID } from '@peculiar/asn1-ocsp';
import {
  AsnArray,
  AsnIntegerBigIntConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralNames, Name, PolicyInformation } from '@peculiar/asn1-x509';

/**
 * SignedData (RFC 5652 §5.1) with `certificates` and `crls` as raw DER
 * values: the library's RevocationInfoChoice cannot hold a CertificateList.
 */
export class CmsSignedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 1;

  @AsnProp({ type: DigestAlgorithmIdentifiers })
  digestAlgorithms = new DigestAlgorithmIdentifiers();

  @AsnProp({ type: EncapsulatedContentInfo })
  encapContentInfo = new EncapsulatedContentInfo();

  @AsnProp({ type: AsnPropTypes.Any, repeated: 'set', context: 0, implicit: true, optional: true })
  certificates?: ArrayBuffer[];

  @AsnProp({ type: AsnPropTypes.Any, repeated: 'set', context: 1, implicit: true, optional: true })
  crls?: ArrayBuffer[];

  @AsnProp({ type: SignerInfos })
  signerInfos = new SignerInfos();

  constructor(params: Partial<CmsSignedData> = {}) {
    Object.assign(this, params);
  }
}

/** IssuerSerial (RFC 5035 §4): the issuer as GeneralNames and the serial INTEGER. */
export class IssuerSerial {
  @AsnProp({ type: GeneralNames })
  issuer = new GeneralNames();

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter })
  serialNumber = 0n;

  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

/** ESSCertIDv2 (RFC 5035 §4): hashAlgorithm DEFAULT id-sha256, so it is omitted for SHA-256. */
export class EssCertIdV2 {
  @AsnProp({ type: AlgorithmIdentifier, optional: true })
  hashAlgorithm?: AlgorithmIdentifier;

  @AsnProp({ type: OctetString })
  certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;

  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

/** ESSCertID (RFC 2634 §5.4.1): SHA-1 only; read for tokens from older TSAs. */
export class EssCertId {
  @AsnProp({ type: OctetString })
  certHash = new OctetString();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL } */
export class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdV2, repeated: 'sequence' })
  certs: EssCertIdV2[] = [];

  @AsnProp({ type: PolicyInformation, repeated: 'sequence', optional: true })
  policies?: PolicyInformation[];

  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

/** SigningCertificate (RFC 2634 §5.4): the SHA-1 predecessor. */
export class SigningCertificateV1 {
  @AsnProp({ type: EssCertId, repeated: 'sequence' })
  certs: EssCertId[] = [];

  @AsnProp({ type: PolicyInformation, repeated: 'sequence', optional: true })
  policies?: PolicyInformation[];
}

// CAdES, RFC 5126 Annex A.1 (the module uses EXPLICIT TAGS).

/** OtherHashAlgAndValue ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashValue OCTET STRING } (§5.8.2) */
export class OtherHashAlgAndValue {
  @AsnProp({ type: AlgorithmIdentifier })
  hashAlgorithm = new AlgorithmIdentifier();

  @AsnProp({ type: OctetString })
  hashValue = new OctetString();

  constructor(params: Partial<OtherHashAlgAndValue> = {}) {
    Object.assign(this, params);
  }
}

/** OtherHash ::= CHOICE { sha1Hash OtherHashValue, otherHash OtherHashAlgAndValue } (§5.8.2) */
@AsnType({ type: AsnTypeTypes.Choice })
export class OtherHash {
  @AsnProp({ type: OctetString })
  sha1Hash?: OctetString;

  @AsnProp({ type: OtherHashAlgAndValue })
  otherHash?: OtherHashAlgAndValue;

  constructor(params: Partial<OtherHash> = {}) {
    Object.assign(this, params);
  }
}

/** OtherCertID ::= SEQUENCE { otherCertHash OtherHash, issuerSerial IssuerSerial OPTIONAL } (§6.2.1) */
export class OtherCertId {
  @AsnProp({ type: OtherHash })
  otherCertHash = new OtherHash();

  @AsnProp({ type: IssuerSerial, optional: true })
  issuerSerial?: IssuerSerial;

  constructor(params: Partial<OtherCertId> = {}) {
    Object.assign(this, params);
  }
}

/** CompleteCertificateRefs ::= SEQUENCE OF OtherCertID (§6.2.1) */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: OtherCertId })
export class CompleteCertificateRefs extends AsnArray<OtherCertId> {
  constructor(items?: OtherCertId[]) {
    super(items);
    Object.setPrototypeOf(this, CompleteCertificateRefs.prototype);
  }
}

/** CrlIdentifier ::= SEQUENCE { crlissuer Name, crlIssuedTime UTCTime, crlNumber INTEGER OPTIONAL } (§6.2.2) */
export class CrlIdentifier {
  @AsnProp({ type: Name })
  crlIssuer = new Name();

  @AsnProp({ type: AsnPropTypes.UTCTime })
  crlIssuedTime = new Date(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerBigIntConverter, optional: true })
  crlNumber?: bigint;

  constructor(params: Partial<CrlIdentifier> = {}) {
    Object.assign(this, params);
  }
}

/** CrlValidatedID ::= SEQUENCE { crlHash OtherHash, crlIdentifier CrlIdentifier OPTIONAL } (§6.2.2) */
export class CrlValidatedId {
  @AsnProp({ type: OtherHash })
  crlHash = new OtherHash();

  @AsnProp({ type: CrlIdentifier, optional: true })
  crlIdentifier?: CrlIdentifier;

  constructor(params: Partial<CrlValidatedId> = {}) {
    Object.assign(this, params);
  }
}

/** CRLListID ::= SEQUENCE { crls SEQUENCE OF CrlValidatedID } (§6.2.2) */
export class CrlListId {
  @AsnProp({ type: CrlValidatedId, repeated: 'sequence' })
  crls: CrlValidatedId[] = [];

  constructor(params: Partial<CrlListId> = {}) {
    Object.assign(this, params);
  }
}

/** OcspIdentifier ::= SEQUENCE { ocspResponderID ResponderID, producedAt GeneralizedTime } (§6.2.2) */
export class OcspIdentifier {
  @AsnProp({ type: ResponderID })
  ocspResponderId = new ResponderID();

  @AsnProp({ type: AsnPropTypes.GeneralizedTime })
  producedAt = new Date(0);

  constructor(params: Partial<OcspIdentifier> = {}) {
    Object.assign(this, params);
  }
}

/** OcspResponsesID ::= SEQUENCE { ocspIdentifier OcspIdentifier, ocspRepHash OtherHash OPTIONAL } (§6.2.2) */
export class OcspResponsesId {
  @AsnProp({ type: OcspIdentifier })
  ocspIdentifier = new OcspIdentifier();

  @AsnProp({ type: OtherHash, optional: true })
  ocspRepHash?: OtherHash;

  constructor(params: Partial<OcspResponsesId> = {}) {
    Object.assign(this, params);
  }
}

/** OcspListID ::= SEQUENCE { ocspResponses SEQUENCE OF OcspResponsesID } (§6.2.2) */
export class OcspListId {
  @AsnProp({ type: OcspResponsesId, repeated: 'sequence' })
  ocspResponses: OcspResponsesId[] = [];

  constructor(params: Partial<OcspListId> = {}) {
    Object.assign(this, params);
  }
}

/**
 * CrlOcspRef ::= SEQUENCE { crlids [0] CRLListID OPTIONAL, ocspids [1] OcspListID OPTIONAL,
 * otherRev [2] OtherRevRefs OPTIONAL } (§6.2.2; otherRev is not written and kept raw when read)
 */
export class CrlOcspRef {
  @AsnProp({ type: CrlListId, context: 0, optional: true })
  crlids?: CrlListId;

  @AsnProp({ type: OcspListId, context: 1, optional: true })
  ocspids?: OcspListId;

  @AsnProp({ type: AsnPropTypes.Any, context: 2, optional: true })
  otherRev?: ArrayBuffer;

  constructor(params: Partial<CrlOcspRef> = {}) {
    Object.assign(this, params);
  }
}

/** CompleteRevocationRefs ::= SEQUENCE OF CrlOcspRef (§6.2.2) */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: CrlOcspRef })
export class CompleteRevocationRefs extends AsnArray<CrlOcspRef> {
  constructor(items?: CrlOcspRef[]) {
    super(items);
    Object.setPrototypeOf(this, CompleteRevocationRefs.prototype);
  }
}

/** CertificateValues ::= SEQUENCE OF Certificate (§6.3.3), kept as raw DER. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: AsnPropTypes.Any })
export class CertificateValues extends AsnArray<ArrayBuffer> {
  constructor(items?: ArrayBuffer[]) {
    super(items);
    Object.setPrototypeOf(this, CertificateValues.prototype);
  }
}

/**
 * RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
 * ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL, otherRevVals [2] OtherRevVals OPTIONAL } (§6.3.4)
 */
export class RevocationValues {
  @AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 0, optional: true })
  crlVals?: ArrayBuffer[];

  @AsnProp({ type: AsnPropTypes.Any, repeated: 'sequence', context: 1, optional: true })
  ocspVals?: ArrayBuffer[];

  @AsnProp({ type: AsnPropTypes.Any, context: 2, optional: true })
  otherRevVals?: ArrayBuffer;

  constructor(params: Partial<RevocationValues> = {}) {
    Object.assign(this, params);
  }
}
