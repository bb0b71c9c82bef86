import { ECParameters } from '@peculiar/asn1-ecc';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { gost3410, streebog256, streebog512 } from '@podpis/gost';
import { toDer } from '../asn1/der.js';
import { bufferSource } from '../bytes.js';
import { OID } from '../oids.js';
import { DSA_HASHES, verifyDsa } from './dsa.js';
import { ecdsaDerToRaw } from './ecdsa-signature.js';
import { GostPublicKeyParameters } from './gost-params.js';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

function verifyGost(
  spki: SubjectPublicKeyInfo,
  bits: 256 | 512,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const keyOid = bits === 256 ? OID.gost3410_2012_256 : OID.gost3410_2012_512;
  if (spki.algorithm.algorithm !== keyOid || !spki.algorithm.parameters) return false;
  const params = AsnConvert.parse(spki.algorithm.parameters, GostPublicKeyParameters);
  const publicKey = new Uint8Array(AsnConvert.parse(spki.subjectPublicKey, OctetString).buffer);
  const digest = bits === 256 ? streebog256(data) : streebog512(data);
  return gost3410.verify(params.publicKeyParamSet, publicKey, digest, signature);
}

/**
 * Imported keys by public key object and algorithm: a CA's key verifies
 * thousands of certificates, CRLs and responses, and importing it each time
 * costs more than the verification itself.
 */
const importedKeys = new WeakMap<SubjectPublicKeyInfo, Map<string, Promise<CryptoKey>>>();

function importPublic(
  spki: SubjectPublicKeyInfo,
  algorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm,
): Promise<CryptoKey> {
  let byAlgorithm = importedKeys.get(spki);
  if (!byAlgorithm) {
    byAlgorithm = new Map();
    importedKeys.set(spki, byAlgorithm);
  }
  const id = JSON.stringify(algorithm);
  let key = byAlgorithm.get(id);
  if (!key) {
    const point = new Uint8Array(spki.subjectPublicKey);
    // An uncompressed EC point imports as it stands, several times cheaper than decoding the
    // re-encoded SPKI; every WebCrypto takes this form raw, not every one a compressed point.
    key =
      'namedCurve' in algorithm && point[0] === 0x04
        ? subtle().importKey('raw', bufferSource(point), algorithm, false, ['verify'])
        : subtle().importKey('spki', bufferSource(toDer(spki)), algorithm, false, ['verify']);
    byAlgorithm.set(id, key);
  }
  return key;
}

async function verifyWeb(
  spki: SubjectPublicKeyInfo,
  signatureAlgorithm: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const oid = signatureAlgorithm.algorithm;
  const keyOid = spki.algorithm.algorithm;
  const rsaPkcs1: Record<string, string> = {
    [OID.sha256WithRsa]: 'SHA-256',
    [OID.sha384WithRsa]: 'SHA-384',
    [OID.sha512WithRsa]: 'SHA-512',
  };
  const ecdsa: Record<string, string> = {
    [OID.ecdsaWithSha256]: 'SHA-256',
    [OID.ecdsaWithSha384]: 'SHA-384',
    [OID.ecdsaWithSha512]: 'SHA-512',
  };
  if (rsaPkcs1[oid] && keyOid === OID.rsaEncryption) {
    const key = await importPublic(spki, { name: 'RSASSA-PKCS1-v1_5', hash: rsaPkcs1[oid] });
    return subtle().verify({ name: 'RSASSA-PKCS1-v1_5' }, key, bufferSource(signature), bufferSource(data));
  }
  if (oid === OID.rsassaPss && keyOid === OID.rsaEncryption && signatureAlgorithm.parameters) {
    const params = AsnConvert.parse(signatureAlgorithm.parameters, RsaSaPssParams);
    const hash = HASH_BY_OID[params.hashAlgorithm.algorithm];
    if (!hash) return false;
    const key = await importPublic(spki, { name: 'RSA-PSS', hash });
    return subtle().verify(
      { name: 'RSA-PSS', saltLength: params.saltLength },
      key,
      bufferSource(signature),
      bufferSource(data),
    );
  }
  if (ecdsa[oid] && keyOid === OID.ecPublicKey && spki.algorithm.parameters) {
    const curveOid = AsnConvert.parse(spki.algorithm.parameters, ECParameters).namedCurve;
    const curve =
      curveOid === OID.p256
        ? 'P-256'
        : curveOid === OID.p384
          ? 'P-384'
          : curveOid === OID.p521
            ? 'P-521'
            : undefined;
    if (!curve) return false;
    const raw = ecdsaDerToRaw(signature, curve === 'P-256' ? 32 : curve === 'P-384' ? 48 : 66);
    if (!raw) return false;
    const key = await importPublic(spki, { name: 'ECDSA', namedCurve: curve });
    return subtle().verify({ name: 'ECDSA', hash: ecdsa[oid] }, key, bufferSource(raw), bufferSource(data));
  }
  if (oid === OID.ed25519 && keyOid === OID.ed25519) {
    const key = await importPublic(spki, { name: 'Ed25519' });
    return subtle().verify({ name: 'Ed25519' }, key, bufferSource(signature), bufferSource(data));
  }
  return false;
}

/** Signature algorithms `verifySignature` understands, by name, for error messages. */
export function isSupportedSignatureAlgorithm(oid: string): boolean {
  return [
    OID.signWithStreebog256,
    OID.signWithStreebog512,
    OID.sha256WithRsa,
    OID.sha384WithRsa,
    OID.sha512WithRsa,
    OID.rsassaPss,
    OID.ecdsaWithSha256,
    OID.ecdsaWithSha384,
    OID.ecdsaWithSha512,
    OID.ed25519,
    OID.dsaWithSha1,
    OID.dsaWithSha256,
  ].includes(oid as never);
}

/**
 * Checks `signature` over `data` with the public key, for any supported
 * algorithm. Never throws for a bad signature or a key that does not match
 * the algorithm: the answer is false.
 */
export async function verifySignature(
  spki: SubjectPublicKeyInfo,
  signatureAlgorithm: AlgorithmIdentifier,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    switch (signatureAlgorithm.algorithm) {
      case OID.signWithStreebog256:
        return verifyGost(spki, 256, data, signature);
      case OID.signWithStreebog512:
        return verifyGost(spki, 512, data, signature);
      case OID.dsaWithSha1:
      case OID.dsaWithSha256:
        return await verifyDsa(spki, DSA_HASHES[signatureAlgorithm.algorithm]!, data, signature);
      default:
        return await verifyWeb(spki, signatureAlgorithm, data, signature);
    }
  } catch {
    return false;
  }
}
