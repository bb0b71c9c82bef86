/**
 * Content encryption for CMS EnvelopedData and AuthEnvelopedData:
 * AES-GCM (RFC 5084, in AuthEnvelopedData per RFC 5083), AES-CBC (RFC 3565)
 * and the GOST R 34.12-2015 ciphers in CTR-ACPKM and CTR-ACPKM-OMAC mode
 * as OpenSSL's GOST engine uses them (R 1323565.1.026-2019; RFC 8645 for
 * ACPKM, RFC 7836 §4.5 for the KDF_TREE that splits the OMAC variant's key).
 */
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  ctrAcpkm,
  equalBytes,
  kdfTree256,
  kuznyechik,
  magma,
  omac,
  randomBytes,
  type BlockCipherAlgorithm,
} from '@podpis/gost';
import { parseDer } from '../../asn1/der.js';
import { bufferSource } from '../../bytes.js';
import { PkiError } from '../../errors.js';
import { OID } from '../../oids.js';
import { GcmParameters, GostCipherParameters } from './asn1.js';

/** How the content is encrypted: AES-256 (GCM is authenticated) or a GOST cipher in CTR-ACPKM-OMAC. */
export type ContentEncryption = 'aes256-gcm' | 'aes256-cbc' | 'kuznyechik' | 'magma';

export interface SealedContent {
  algorithm: AlgorithmIdentifier;
  ciphertext: Uint8Array;
  /** GCM: the tag (AuthEnvelopedData.mac). GOST OMAC: the encrypted OMAC (an unprotected attribute). */
  tag?: Uint8Array;
}

interface GostContentCipher {
  alg: BlockCipherAlgorithm;
  /** ACPKM section size in bytes, as the GOST engine sets it. */
  sectionSize: number;
  withOmac: boolean;
}

const GOST_CIPHERS: ReadonlyMap<string, GostContentCipher> = new Map([
  [OID.kuznyechikCtrAcpkm, { alg: kuznyechik, sectionSize: 4096, withOmac: false }],
  [OID.kuznyechikCtrAcpkmOmac, { alg: kuznyechik, sectionSize: 4096, withOmac: true }],
  [OID.magmaCtrAcpkm, { alg: magma, sectionSize: 1024, withOmac: false }],
  [OID.magmaCtrAcpkmOmac, { alg: magma, sectionSize: 1024, withOmac: true }],
]);

const AES_KEY_LENGTHS: ReadonlyMap<string, number> = new Map([
  [OID.aes128Cbc, 16],
  [OID.aes256Cbc, 32],
  [OID.aes128Gcm, 16],
  [OID.aes256Gcm, 32],
]);

const KDF_TREE_LABEL = new TextEncoder().encode('kdf tree');

/** The key length the content algorithm needs, or UNSUPPORTED_ALGORITHM. */
export function contentKeyLength(algorithm: AlgorithmIdentifier): number {
  const aes = AES_KEY_LENGTHS.get(algorithm.algorithm);
  if (aes !== undefined) return aes;
  if (GOST_CIPHERS.has(algorithm.algorithm)) return 32;
  throw new PkiError(
    'UNSUPPORTED_ALGORITHM',
    `unsupported content encryption algorithm ${algorithm.algorithm}`,
    'encryptedContentInfo.contentEncryptionAlgorithm',
  );
}

/** The block cipher KExp15 uses for a GOST content algorithm (the engine pairs them). */
export function gostKeyExportCipher(contentAlgorithm: string): BlockCipherAlgorithm | undefined {
  return GOST_CIPHERS.get(contentAlgorithm)?.alg;
}

export function contentAlgorithmOid(kind: ContentEncryption): string {
  switch (kind) {
    case 'aes256-gcm':
      return OID.aes256Gcm;
    case 'aes256-cbc':
      return OID.aes256Cbc;
    case 'kuznyechik':
      return OID.kuznyechikCtrAcpkmOmac;
    case 'magma':
      return OID.magmaCtrAcpkmOmac;
  }
}

function gostSplitKeys(key: Uint8Array, seed: Uint8Array): { encKey: Uint8Array; macKey: Uint8Array } {
  const keys = kdfTree256(key, KDF_TREE_LABEL, seed, 64, 1);
  return { encKey: keys.slice(0, 32), macKey: keys.slice(32) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

async function aesKey(name: 'AES-GCM' | 'AES-CBC', key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', bufferSource(key), { name }, false, [usage]);
}

/** Encrypts `content` under a fresh 32-byte key `key`. */
export async function encryptContent(
  kind: ContentEncryption,
  key: Uint8Array,
  content: Uint8Array,
): Promise<SealedContent> {
  const oid = contentAlgorithmOid(kind);
  if (kind === 'aes256-gcm') {
    const nonce = randomBytes(12);
    const sealed = new Uint8Array(
      await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv: bufferSource(nonce), tagLength: 128 },
        await aesKey('AES-GCM', key, 'encrypt'),
        bufferSource(content),
      ),
    );
    const params = new GcmParameters({ nonce: new OctetString(nonce), icvLength: 16 });
    return {
      algorithm: new AlgorithmIdentifier({ algorithm: oid, parameters: AsnConvert.serialize(params) }),
      ciphertext: sealed.slice(0, sealed.length - 16),
      tag: sealed.slice(sealed.length - 16),
    };
  }
  if (kind === 'aes256-cbc') {
    const iv = randomBytes(16);
    const ciphertext = new Uint8Array(
      await globalThis.crypto.subtle.encrypt(
        { name: 'AES-CBC', iv: bufferSource(iv) },
        await aesKey('AES-CBC', key, 'encrypt'),
        bufferSource(content),
      ),
    );
    return {
      algorithm: new AlgorithmIdentifier({
        algorithm: oid,
        parameters: AsnConvert.serialize(new OctetString(iv)),
      }),
      ciphertext,
    };
  }
  const gost = GOST_CIPHERS.get(oid)!;
  const half = gost.alg.blockSize / 2;
  const ukm = randomBytes(half + 8);
  const { encKey, macKey } = gostSplitKeys(key, ukm.subarray(half));
  const mac = omac(gost.alg.create(macKey), content);
  // The engine continues the CTR-ACPKM key stream over the OMAC to encrypt it.
  const out = ctrAcpkm(gost.alg, encKey, ukm.subarray(0, half), concat(content, mac), gost.sectionSize);
  const params = new GostCipherParameters({ ukm: new OctetString(ukm) });
  return {
    algorithm: new AlgorithmIdentifier({ algorithm: oid, parameters: AsnConvert.serialize(params) }),
    ciphertext: out.slice(0, content.length),
    tag: out.slice(content.length),
  };
}

function parameterBytes(algorithm: AlgorithmIdentifier, path: string): Uint8Array {
  if (!algorithm.parameters) throw new PkiError('UNEXPECTED_STRUCTURE', 'missing algorithm parameters', path);
  return new Uint8Array(algorithm.parameters);
}

function decryptionFailed(error: unknown): PkiError {
  return new PkiError('DECRYPTION_FAILED', 'content decryption failed (wrong key or tampered data)', '', {
    cause: error,
  });
}

/**
 * Decrypts content; a wrong key, bad padding or a failed GCM/OMAC check is
 * DECRYPTION_FAILED. `tag` is the GCM tag or the GOST engine's encrypted OMAC.
 */
export async function decryptContent(
  algorithm: AlgorithmIdentifier,
  key: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array | undefined,
): Promise<Uint8Array> {
  const path = 'encryptedContentInfo.contentEncryptionAlgorithm.parameters';
  const oid = algorithm.algorithm;
  if (key.length !== contentKeyLength(algorithm)) {
    throw new PkiError('DECRYPTION_FAILED', `content key must be ${contentKeyLength(algorithm)} bytes`);
  }
  if (oid === OID.aes128Gcm || oid === OID.aes256Gcm) {
    const params = parseDer(parameterBytes(algorithm, path), GcmParameters, path);
    if (!tag || tag.length !== params.icvLength || tag.length < 12 || tag.length > 16) {
      throw new PkiError('UNEXPECTED_STRUCTURE', 'GCM tag missing or of the wrong length', 'mac');
    }
    try {
      return new Uint8Array(
        await globalThis.crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: bufferSource(new Uint8Array(params.nonce.buffer)),
            tagLength: tag.length * 8,
          },
          await aesKey('AES-GCM', key, 'decrypt'),
          bufferSource(concat(ciphertext, tag)),
        ),
      );
    } catch (error) {
      throw decryptionFailed(error);
    }
  }
  if (oid === OID.aes128Cbc || oid === OID.aes256Cbc) {
    const iv = new Uint8Array(parseDer(parameterBytes(algorithm, path), OctetString, path).buffer);
    if (iv.length !== 16) throw new PkiError('UNEXPECTED_STRUCTURE', 'AES-CBC IV must be 16 bytes', path);
    try {
      return new Uint8Array(
        await globalThis.crypto.subtle.decrypt(
          { name: 'AES-CBC', iv: bufferSource(iv) },
          await aesKey('AES-CBC', key, 'decrypt'),
          bufferSource(ciphertext),
        ),
      );
    } catch (error) {
      throw decryptionFailed(error);
    }
  }
  const gost = GOST_CIPHERS.get(oid)!;
  const half = gost.alg.blockSize / 2;
  const ukm = new Uint8Array(
    parseDer(parameterBytes(algorithm, path), GostCipherParameters, path).ukm.buffer,
  );
  if (ukm.length !== half + 8) {
    throw new PkiError('UNEXPECTED_STRUCTURE', `GOST cipher UKM must be ${half + 8} bytes`, path);
  }
  const iv = ukm.subarray(0, half);
  if (!gost.withOmac) return ctrAcpkm(gost.alg, key, iv, ciphertext, gost.sectionSize);
  const macLength = gost.alg.blockSize;
  if (!tag || tag.length !== macLength) {
    throw new PkiError(
      'UNEXPECTED_STRUCTURE',
      `GOST content MAC must be ${macLength} bytes`,
      'unprotectedAttrs',
    );
  }
  const { encKey, macKey } = gostSplitKeys(key, ukm.subarray(half));
  const out = ctrAcpkm(gost.alg, encKey, iv, concat(ciphertext, tag), gost.sectionSize);
  const content = out.slice(0, ciphertext.length);
  if (!equalBytes(omac(gost.alg.create(macKey), content), out.subarray(ciphertext.length))) {
    content.fill(0);
    throw new PkiError('DECRYPTION_FAILED', 'content MAC mismatch (wrong key or tampered data)');
  }
  return content;
}
