import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';
import { gost3410 } from '@podpis/gost';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';

/** GostR3410-2012-PublicKeyParameters (RFC 9215 §4.2). */
export class GostPublicKeyParameters {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  publicKeyParamSet = '';

  @AsnProp({ type: AsnPropTypes.ObjectIdentifier, optional: true })
  digestParamSet?: string;

  constructor(params: Partial<GostPublicKeyParameters> = {}) {
    Object.assign(this, params);
  }
}

export interface GostKeyInfo {
  /** 256 or 512: the key size and the Streebog variant signatures use. */
  bits: 256 | 512;
  /** The parameter set's OID. */
  paramSet: string;
}

/** The key algorithm OID (id-tc26-gost3410-12-256/512) for a parameter set, checking it exists. */
export function gostKeyInfo(paramSet: string): GostKeyInfo {
  const set = gost3410.paramSets.find((s) => s.oid === paramSet || s.name === paramSet);
  if (!set)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unknown GOST R 34.10-2012 parameter set ${paramSet}`);
  return { bits: set.bits, paramSet: set.oid };
}

/**
 * The parameters written into SubjectPublicKeyInfo and PKCS#8, as OpenSSL's
 * GOST engine writes them: digestParamSet present for the CryptoPro sets and
 * the 512-bit sets, absent for the TC26 256-bit sets (RFC 9215 allows both
 * readings; we follow the engine, our interop oracle, and accept either).
 */
export function gostPublicKeyParameters(info: GostKeyInfo): GostPublicKeyParameters {
  const tc26_256 = info.paramSet.startsWith('1.2.643.7.1.2.1.1.');
  return new GostPublicKeyParameters({
    publicKeyParamSet: info.paramSet,
    ...(tc26_256 ? {} : { digestParamSet: info.bits === 256 ? OID.streebog256 : OID.streebog512 }),
  });
}

export function gostKeyAlgorithmOid(bits: 256 | 512): string {
  return bits === 256 ? OID.gost3410_2012_256 : OID.gost3410_2012_512;
}

export function gostSignatureAlgorithmOid(bits: 256 | 512): string {
  return bits === 256 ? OID.signWithStreebog256 : OID.signWithStreebog512;
}
