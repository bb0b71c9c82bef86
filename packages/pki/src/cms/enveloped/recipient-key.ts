import { ECParameters } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { vko256, vko512 } from '@podpis/gost';
import { parseDer, toDer } from '../../asn1/der.js';
import { importSoftwareKey } from '../../algorithms/signer.js';
import { GostPublicKeyParameters, gostKeyInfo, type GostKeyInfo } from '../../algorithms/gost-params.js';
import { bufferSource } from '../../bytes.js';
import { PkiError } from '../../errors.js';
import { OID } from '../../oids.js';

export type OaepHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/**
 * The private-key side of CMS decryption, like `Signer` for signing: a
 * software key here, the server's key store or an HSM elsewhere, which
 * performs the one operation and never hands the key out. Implement the
 * method that fits the key type.
 */
export interface RecipientKey {
  readonly publicKeyInfo: SubjectPublicKeyInfo;
  /** RSA: RSAES-OAEP decryption (MGF1 with the same hash, empty label) of an encrypted content key. */
  decryptKeyTransport?(encryptedKey: Uint8Array, hash: OaepHash): Promise<Uint8Array>;
  /**
   * Key agreement with a sender's (ephemeral) public key. ECDH: the shared
   * secret Z, the x coordinate (RFC 5753), with no `ukm`. GOST: VKO_GOSTR3410_2012_256
   * for a 256-bit key, VKO_GOSTR3410_2012_512 for a 512-bit key (RFC 7836 §4.3),
   * with `ukm` read little-endian as in `@podpis/gost`.
   */
  agree?(peer: SubjectPublicKeyInfo, ukm?: Uint8Array): Promise<Uint8Array>;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** The raw GOST public key (x ‖ y little-endian) inside a SubjectPublicKeyInfo. */
export function gostPublicKeyBytes(spki: SubjectPublicKeyInfo, path: string): Uint8Array {
  return new Uint8Array(parseDer(new Uint8Array(spki.subjectPublicKey), OctetString, path).buffer);
}

/** The GOST parameter set and size of a SubjectPublicKeyInfo or PKCS#8 algorithm's parameters. */
export function gostParamsOf(parameters: ArrayBuffer | null | undefined, path: string): GostKeyInfo {
  if (!parameters) throw new PkiError('INVALID_KEY', 'GOST key without parameters', path);
  return gostKeyInfo(parseDer(new Uint8Array(parameters), GostPublicKeyParameters, path).publicKeyParamSet);
}

function gostPrivateKey(info: PrivateKeyInfo, keyInfo: GostKeyInfo): Uint8Array {
  let raw = new Uint8Array(info.privateKey.buffer);
  // Some producers wrap the key in another OCTET STRING or write an INTEGER.
  if (raw.length === keyInfo.bits / 8 + 2 && (raw[0] === 0x04 || raw[0] === 0x02)) raw = raw.subarray(2);
  if (raw.length !== keyInfo.bits / 8) {
    throw new PkiError('INVALID_KEY', `GOST private key must be ${keyInfo.bits / 8} bytes`, 'privateKey');
  }
  return raw.slice();
}

function gostRecipientKey(info: PrivateKeyInfo, publicKeyInfo: SubjectPublicKeyInfo): RecipientKey {
  const keyInfo = gostParamsOf(info.privateKeyAlgorithm.parameters, 'privateKeyAlgorithm.parameters');
  const privateKey = gostPrivateKey(info, keyInfo);
  return {
    publicKeyInfo,
    agree: async (peer, ukm) => {
      if (!ukm) throw new PkiError('INVALID_ARGUMENT', 'VKO needs a UKM');
      const peerKey = gostPublicKeyBytes(peer, 'ephemeralPublicKey');
      const vko = keyInfo.bits === 256 ? vko256 : vko512;
      return vko(keyInfo.paramSet, privateKey, peerKey, ukm);
    },
  };
}

async function ecdhRecipientKey(
  pkcs8: Uint8Array,
  info: PrivateKeyInfo,
  publicKeyInfo: SubjectPublicKeyInfo,
): Promise<RecipientKey> {
  const params = info.privateKeyAlgorithm.parameters;
  const curveOid = params ? (AsnConvert.parse(params, ECParameters).namedCurve ?? '') : '';
  const curve = curveOid === OID.p256 ? 'P-256' : curveOid === OID.p384 ? 'P-384' : undefined;
  if (!curve)
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported EC curve ${curveOid}`, 'privateKeyAlgorithm');
  const privateKey = await subtle().importKey(
    'pkcs8',
    bufferSource(pkcs8),
    { name: 'ECDH', namedCurve: curve },
    false,
    ['deriveBits'],
  );
  return {
    publicKeyInfo,
    agree: async (peer) => {
      const peerKey = await subtle().importKey(
        'spki',
        bufferSource(toDer(peer)),
        { name: 'ECDH', namedCurve: curve },
        false,
        [],
      );
      const bits = curve === 'P-256' ? 256 : 384;
      return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: peerKey }, privateKey, bits));
    },
  };
}

function rsaRecipientKey(pkcs8: Uint8Array, publicKeyInfo: SubjectPublicKeyInfo): RecipientKey {
  return {
    publicKeyInfo,
    decryptKeyTransport: async (encryptedKey, hash) => {
      const key = await subtle().importKey('pkcs8', bufferSource(pkcs8), { name: 'RSA-OAEP', hash }, false, [
        'decrypt',
      ]);
      return new Uint8Array(await subtle().decrypt({ name: 'RSA-OAEP' }, key, bufferSource(encryptedKey)));
    },
  };
}

/** A RecipientKey for a PKCS#8 private key (RSA, EC P-256/P-384, GOST R 34.10-2012), ours or OpenSSL's. */
export async function importRecipientKey(pkcs8: Uint8Array): Promise<RecipientKey> {
  const { publicKeyInfo } = await importSoftwareKey(pkcs8);
  const info = parseDer(pkcs8, PrivateKeyInfo, 'privateKeyInfo');
  const oid = info.privateKeyAlgorithm.algorithm;
  if (oid === OID.gost3410_2012_256 || oid === OID.gost3410_2012_512)
    return gostRecipientKey(info, publicKeyInfo);
  if (oid === OID.ecPublicKey) return ecdhRecipientKey(pkcs8, info, publicKeyInfo);
  if (oid === OID.rsaEncryption) return rsaRecipientKey(pkcs8, publicKeyInfo);
  throw new PkiError('UNSUPPORTED_ALGORITHM', `no key encryption with ${oid} keys`, 'privateKeyAlgorithm');
}
