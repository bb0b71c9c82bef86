import { ECParameters } from '@peculiar/asn1-ecc';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { PrivateKey, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { RsaSaPssParams, id_sha256, id_mgf1 } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { p256, p384 } from '@noble/curves/nist.js';
import { gost3410, streebog256, streebog512 } from '@podpis/gost';
import { parseDer, toDer } from '../asn1/der.js';
import { bufferSource, fromBase64Url } from '../bytes.js';
import { digest, digestForSignatureAlgorithm, digestLength } from '../cms/digest.js';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { ecdsaRawToDer } from './ecdsa-signature.js';
import { rsaPkcs1SignDigest, rsaPrivateKeyFromJwk, rsaPssSignDigest } from './rsa-digest.js';
import {
  GostPublicKeyParameters,
  gostKeyAlgorithmOid,
  gostKeyInfo,
  gostPublicKeyParameters,
  gostSignatureAlgorithmOid,
  type GostKeyInfo,
} from './gost-params.js';

/** What kind of key to make. */
export type KeySpec =
  | { type: 'gost'; paramSet: string }
  | { type: 'rsa'; modulusLength: 2048 | 3072 | 4096; scheme?: 'pkcs1' | 'pss' }
  | { type: 'ecdsa'; curve: 'P-256' | 'P-384' }
  | { type: 'ed25519' };

/**
 * Anything that can sign with one private key without handing it out: a
 * software key here, an HSM or the server's key store elsewhere. Both
 * methods return the signature value exactly as X.509 and CMS carry it.
 */
export interface Signer {
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly publicKeyInfo: SubjectPublicKeyInfo;
  /** Signs the bytes to be signed (a TBSCertificate, signed attributes…), hashing them itself. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Signs a digest made elsewhere with `digestAlgorithmOf(signer)`: the
   * signature `sign` would make over the data it is the digest of. A digest
   * of another length is INVALID_ARGUMENT. Ed25519 refuses with
   * UNSUPPORTED_ALGORITHM: PureEdDSA (RFC 8032) signs the message itself,
   * and HashEdDSA is another algorithm that X.509 and CMS do not use.
   */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/** A key held in memory: its signer and its PKCS#8 encoding (for sealing in a key store). */
export interface SoftwareKey {
  signer: Signer;
  pkcs8: Uint8Array;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const NULL_PARAMS = new Uint8Array([0x05, 0x00]).buffer;

function algorithm(oid: string, parameters?: ArrayBuffer): AlgorithmIdentifier {
  return new AlgorithmIdentifier(parameters ? { algorithm: oid, parameters } : { algorithm: oid });
}

export const PSS_SHA256_PARAMS = new RsaSaPssParams({
  hashAlgorithm: new AlgorithmIdentifier({ algorithm: id_sha256, parameters: null }),
  maskGenAlgorithm: new AlgorithmIdentifier({
    algorithm: id_mgf1,
    parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: id_sha256, parameters: null })),
  }),
  saltLength: 32,
});

function gostSigner(info: GostKeyInfo, privateKey: Uint8Array): Signer {
  const publicKey = gost3410.getPublicKey(info.paramSet, privateKey);
  const params = AsnConvert.serialize(gostPublicKeyParameters(info));
  const publicKeyInfo = new SubjectPublicKeyInfo({
    algorithm: algorithm(gostKeyAlgorithmOid(info.bits), params),
    subjectPublicKey: toDer(new OctetString(publicKey)).slice().buffer,
  });
  const hash = info.bits === 256 ? streebog256 : streebog512;
  return {
    signatureAlgorithm: algorithm(gostSignatureAlgorithmOid(info.bits)),
    publicKeyInfo,
    sign: async (data) => gost3410.sign(info.paramSet, privateKey, hash(data)),
    signDigest: async (digest) => {
      checkDigestLength(digest, info.bits / 8);
      return gost3410.sign(info.paramSet, privateKey, digest);
    },
  };
}

function checkDigestLength(digest: Uint8Array, length: number): void {
  if (digest.length !== length) {
    throw new PkiError(
      'INVALID_ARGUMENT',
      `the digest is ${digest.length} bytes; this key signs ${length}-byte digests`,
      'digest',
    );
  }
}

/**
 * The signature algorithm a key of `spec` signs with: Streebog with GOST
 * keys of its size, SHA-256 with RSA (PKCS#1 v1.5, or PSS with SHA-256,
 * MGF1-SHA-256 and a 32-byte salt), SHA-256/384 with ECDSA P-256/P-384.
 */
export function signatureAlgorithmFor(spec: KeySpec): AlgorithmIdentifier {
  switch (spec.type) {
    case 'gost':
      return algorithm(gostSignatureAlgorithmOid(gostKeyInfo(spec.paramSet).bits));
    case 'rsa':
      return spec.scheme === 'pss'
        ? algorithm(OID.rsassaPss, AsnConvert.serialize(PSS_SHA256_PARAMS))
        : algorithm(OID.sha256WithRsa, NULL_PARAMS);
    case 'ecdsa':
      return algorithm(spec.curve === 'P-256' ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384);
    case 'ed25519':
      return algorithm(OID.ed25519);
  }
}

/**
 * The digest algorithm (OID) a signer hashes with, which `signDigest`
 * expects and CMS writes as the SignerInfo's digestAlgorithm; for Ed25519
 * that is SHA-512 (RFC 8419), for CMS only.
 */
export function digestAlgorithmOf(signer: Pick<Signer, 'signatureAlgorithm'>): string {
  return digestForSignatureAlgorithm(signer.signatureAlgorithm);
}

/** `data` hashed with the signer's digest algorithm: what its `signDigest` takes. */
export function hashForSigner(
  signer: Pick<Signer, 'signatureAlgorithm'>,
  data: Uint8Array,
): Promise<Uint8Array> {
  return digest(digestAlgorithmOf(signer), data);
}

function gostPkcs8(info: GostKeyInfo, privateKey: Uint8Array): Uint8Array {
  return toDer(
    new PrivateKeyInfo({
      privateKeyAlgorithm: algorithm(
        gostKeyAlgorithmOid(info.bits),
        AsnConvert.serialize(gostPublicKeyParameters(info)),
      ),
      privateKey: new PrivateKey(privateKey),
    }),
  );
}

type WebKeyAlgorithm = RsaHashedImportParams | EcKeyImportParams | Algorithm;

async function webSigner(spec: Exclude<KeySpec, { type: 'gost' }>, pkcs8: Uint8Array): Promise<Signer> {
  let importParams: WebKeyAlgorithm;
  let signParams: AlgorithmIdentifierParams;
  let toSignatureValue: (raw: Uint8Array) => Uint8Array = (raw) => raw;
  switch (spec.type) {
    case 'rsa':
      if (spec.scheme === 'pss') {
        importParams = { name: 'RSA-PSS', hash: 'SHA-256' };
        signParams = { name: 'RSA-PSS', saltLength: 32 };
      } else {
        importParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
        signParams = { name: 'RSASSA-PKCS1-v1_5' };
      }
      break;
    case 'ecdsa': {
      const hash = spec.curve === 'P-256' ? 'SHA-256' : 'SHA-384';
      importParams = { name: 'ECDSA', namedCurve: spec.curve };
      signParams = { name: 'ECDSA', hash };
      toSignatureValue = ecdsaRawToDer;
      break;
    }
    case 'ed25519':
      importParams = { name: 'Ed25519' };
      signParams = { name: 'Ed25519' };
      break;
  }
  const signatureAlgorithm = signatureAlgorithmFor(spec);
  const privateKey = await subtle().importKey('pkcs8', bufferSource(pkcs8), importParams, true, ['sign']);
  const jwk = await subtle().exportKey('jwk', privateKey);
  const signDigest = digestSigner(spec, jwk, digestLength(digestAlgorithmOf({ signatureAlgorithm })));
  // The public key is derived from the private one (WebCrypto has no direct way).
  delete jwk.d;
  delete jwk.p;
  delete jwk.q;
  delete jwk.dp;
  delete jwk.dq;
  delete jwk.qi;
  jwk.key_ops = ['verify'];
  const publicKey = await subtle().importKey('jwk', jwk, importParams, true, ['verify']);
  const spki = new Uint8Array(await subtle().exportKey('spki', publicKey));
  return {
    signatureAlgorithm,
    publicKeyInfo: parseDer(spki, SubjectPublicKeyInfo, 'subjectPublicKeyInfo'),
    sign: async (data) =>
      toSignatureValue(new Uint8Array(await subtle().sign(signParams, privateKey, bufferSource(data)))),
    signDigest,
  };
}

/**
 * `signDigest` for WebCrypto's key types, which WebCrypto itself cannot
 * give (it always hashes): ECDSA through @noble/curves without its
 * prehash, RSA through ./rsa-digest.ts.
 */
function digestSigner(
  spec: Exclude<KeySpec, { type: 'gost' }>,
  jwk: JsonWebKey,
  length: number,
): (digest: Uint8Array) => Promise<Uint8Array> {
  switch (spec.type) {
    case 'rsa': {
      const key = rsaPrivateKeyFromJwk(jwk);
      return async (digest) => {
        checkDigestLength(digest, length);
        return spec.scheme === 'pss'
          ? rsaPssSignDigest(key, digest)
          : rsaPkcs1SignDigest(key, OID.sha256, digest);
      };
    }
    case 'ecdsa': {
      if (jwk.d === undefined) throw new PkiError('INVALID_KEY', 'EC private key without d');
      const scalar = fromBase64Url(jwk.d);
      const curve = spec.curve === 'P-256' ? p256 : p384;
      return async (digest) => {
        checkDigestLength(digest, length);
        // Hedged: RFC 6979's deterministic k mixed with fresh randomness.
        return ecdsaRawToDer(curve.sign(digest, scalar, { prehash: false, extraEntropy: true }));
      };
    }
    case 'ed25519':
      return () =>
        Promise.reject(
          new PkiError(
            'UNSUPPORTED_ALGORITHM',
            'Ed25519 (PureEdDSA) signs the message itself, never a digest made elsewhere',
            'signDigest',
          ),
        );
  }
}

type AlgorithmIdentifierParams = Algorithm | RsaPssParams | EcdsaParams;

/** Generates a key pair in memory from the platform CSPRNG. */
export async function generateSoftwareKey(spec: KeySpec): Promise<SoftwareKey> {
  if (spec.type === 'gost') {
    const info = gostKeyInfo(spec.paramSet);
    const privateKey = gost3410.generatePrivateKey(info.paramSet);
    return { signer: gostSigner(info, privateKey), pkcs8: gostPkcs8(info, privateKey) };
  }
  let generate: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  if (spec.type === 'rsa') {
    generate = {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: spec.modulusLength,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    };
  } else if (spec.type === 'ecdsa') {
    generate = { name: 'ECDSA', namedCurve: spec.curve };
  } else {
    generate = { name: 'Ed25519' };
  }
  const pair = (await subtle().generateKey(generate, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  return { signer: await webSigner(spec, pkcs8), pkcs8 };
}

/**
 * A signer for a PKCS#8 private key (ours or OpenSSL's). RSA keys sign with
 * PKCS#1 v1.5 unless `rsaScheme` asks for PSS.
 */
export async function importSoftwareKey(
  pkcs8: Uint8Array,
  options: { rsaScheme?: 'pkcs1' | 'pss' } = {},
): Promise<Signer> {
  const info = parseDer(pkcs8, PrivateKeyInfo, 'privateKeyInfo');
  const oid = info.privateKeyAlgorithm.algorithm;
  if (oid === OID.gost3410_2012_256 || oid === OID.gost3410_2012_512) {
    const params = info.privateKeyAlgorithm.parameters;
    if (!params)
      throw new PkiError('INVALID_KEY', 'GOST private key without parameters', 'privateKeyAlgorithm');
    const parsed = parseDer(
      new Uint8Array(params),
      GostPublicKeyParameters,
      'privateKeyAlgorithm.parameters',
    );
    const keyInfo = gostKeyInfo(parsed.publicKeyParamSet);
    let raw = new Uint8Array(info.privateKey.buffer);
    // Some producers wrap the key in another OCTET STRING or write an INTEGER.
    if (raw.length === keyInfo.bits / 8 + 2 && (raw[0] === 0x04 || raw[0] === 0x02)) raw = raw.subarray(2);
    if (raw.length !== keyInfo.bits / 8) {
      throw new PkiError('INVALID_KEY', `GOST private key must be ${keyInfo.bits / 8} bytes`, 'privateKey');
    }
    return gostSigner(keyInfo, raw.slice());
  }
  if (oid === OID.rsaEncryption)
    return webSigner({ type: 'rsa', modulusLength: 2048, scheme: options.rsaScheme ?? 'pkcs1' }, pkcs8);
  if (oid === OID.ed25519) return webSigner({ type: 'ed25519' }, pkcs8);
  if (oid === OID.ecPublicKey) {
    const params = info.privateKeyAlgorithm.parameters;
    const curveOid = params ? (AsnConvert.parse(params, ECParameters).namedCurve ?? '') : '';
    if (curveOid === OID.p256) return webSigner({ type: 'ecdsa', curve: 'P-256' }, pkcs8);
    if (curveOid === OID.p384) return webSigner({ type: 'ecdsa', curve: 'P-384' }, pkcs8);
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `unsupported EC curve ${curveOid}`,
      'privateKeyAlgorithm.parameters',
    );
  }
  throw new PkiError(
    'UNSUPPORTED_ALGORITHM',
    `unsupported private key algorithm ${oid}`,
    'privateKeyAlgorithm',
  );
}
