/**
 * ASN.1 structures for CMS encryption that `@peculiar/asn1-cms` lacks:
 * AuthEnvelopedData (RFC 5083), GCM parameters (RFC 5084), the ECDH KDF
 * input (RFC 5753) and the GOST key transport and cipher parameters that
 * OpenSSL's GOST engine writes (R 1323565.1.025-2019, RFC 9189 section 8.2.1
 * for KExp15).
 */
import {
  EncryptedContentInfo,
  OriginatorInfo,
  RecipientInfos,
  UnprotectedAttributes,
} from '@peculiar/asn1-cms';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';

/** AuthEnvelopedData (RFC 5083 §2.1); authenticated attributes are neither written nor accepted. */
export class AuthEnvelopedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;

  @AsnProp({ type: OriginatorInfo, context: 0, implicit: true, optional: true })
  originatorInfo?: OriginatorInfo;

  @AsnProp({ type: RecipientInfos })
  recipientInfos = new RecipientInfos();

  @AsnProp({ type: EncryptedContentInfo })
  authEncryptedContentInfo = new EncryptedContentInfo();

  @AsnProp({ type: UnprotectedAttributes, context: 1, implicit: true, optional: true })
  authAttrs?: UnprotectedAttributes;

  @AsnProp({ type: OctetString })
  mac = new OctetString();

  @AsnProp({ type: UnprotectedAttributes, context: 2, implicit: true, optional: true })
  unauthAttrs?: UnprotectedAttributes;

  constructor(params: Partial<AuthEnvelopedData> = {}) {
    Object.assign(this, params);
  }
}

/** GCMParameters (RFC 5084 §3.2): a 12-byte nonce and the tag length, 12 by default. */
export class GcmParameters {
  @AsnProp({ type: OctetString })
  nonce = new OctetString();

  @AsnProp({ type: AsnPropTypes.Integer, defaultValue: 12 })
  icvLength = 12;

  constructor(params: Partial<GcmParameters> = {}) {
    Object.assign(this, params);
  }
}

/** ECC-CMS-SharedInfo (RFC 5753 §7.2), the `SharedInfo` of the X9.63 KDF. */
export class EccCmsSharedInfo {
  @AsnProp({ type: AlgorithmIdentifier })
  keyInfo = new AlgorithmIdentifier();

  @AsnProp({ type: OctetString, context: 0, optional: true })
  entityUInfo?: OctetString;

  @AsnProp({ type: OctetString, context: 2 })
  suppPubInfo = new OctetString();

  constructor(params: Partial<EccCmsSharedInfo> = {}) {
    Object.assign(this, params);
  }
}

/**
 * GostR3410-KeyTransport of the KExp15 scheme, as the GOST engine writes it
 * (`PSKeyTransport_gost`): the exported key, the sender's ephemeral public
 * key and a 32-byte UKM.
 */
export class GostKeyTransport {
  @AsnProp({ type: OctetString })
  encryptedKey = new OctetString();

  @AsnProp({ type: SubjectPublicKeyInfo })
  ephemeralPublicKey = new SubjectPublicKeyInfo();

  @AsnProp({ type: OctetString, optional: true })
  ukm?: OctetString;

  constructor(params: Partial<GostKeyTransport> = {}) {
    Object.assign(this, params);
  }
}

/** Parameters of id-tc26-wrap-gostr3412-2015-{magma,kuznyechik}-kexp15: the key agreement algorithm. */
export class GostKeyWrapParameters {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  keyAgreementAlgorithm = '';

  constructor(params: Partial<GostKeyWrapParameters> = {}) {
    Object.assign(this, params);
  }
}

/**
 * GostR3412-15-Encryption-Parameters: the UKM of a CTR-ACPKM(-OMAC) content
 * cipher, the IV (half a block) followed by the 8-byte KDF seed.
 */
export class GostCipherParameters {
  @AsnProp({ type: OctetString })
  ukm = new OctetString();

  constructor(params: Partial<GostCipherParameters> = {}) {
    Object.assign(this, params);
  }
}
