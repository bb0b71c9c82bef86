/**
 * RecipientInfo for each key type: how the content-encryption key (CEK)
 * reaches a recipient and comes back.
 *
 * - RSA: KeyTransRecipientInfo with RSAES-OAEP, SHA-256 and MGF1-SHA-256
 *   (RFC 8017, RFC 4055 for CMS). PKCS#1 v1.5 key transport (OpenSSL's
 *   default without `-keyopt rsa_padding_mode:oaep`) is refused: it invites
 *   padding-oracle attacks and WebCrypto does not offer it.
 * - EC P-256/P-384: KeyAgreeRecipientInfo, ephemeral-static ECDH,
 *   dhSinglePass-stdDH-sha256kdf-scheme and AES key wrap (RFC 5753, RFC 3394).
 *   On decryption the SHA-1/384/512 KDF variants are accepted too (SHA-1 is
 *   OpenSSL's default).
 * - GOST R 34.10-2012: KeyTransRecipientInfo with the KExp15 key export
 *   (id-tc26-wrap-gostr3412-2015-{kuznyechik,magma}-kexp15), as OpenSSL's
 *   GOST engine writes it for Kuznyechik and Magma content ciphers: an
 *   ephemeral key and a 32-byte UKM; KEG (R 1323565.1.020: VKO of RFC 7836
 *   §4.3 on the reversed first 16 UKM bytes, then for 256-bit keys KDF_TREE
 *   of RFC 7836 §4.5 seeded with UKM bytes 16..23) gives K_Exp_MAC ‖
 *   K_Exp_ENC, and KExp15 (RFC 9189 §8.2.1) exports the CEK with UKM bytes
 *   24.. as IV. The older RFC 4490 GostR3410-KeyTransport (VKO + the CryptoPro
 *   key wrap of GOST 28147-89, for `-gost89` content) is not implemented:
 *   @podpis/gost has no GOST 28147-89, and the engine uses KExp15 whenever
 *   the content cipher is Kuznyechik or Magma.
 */
import {
  CMSVersion,
  IssuerAndSerialNumber,
  KeyEncryptionAlgorithmIdentifier,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  KeyTransRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientIdentifier,
  RecipientInfo,
} from '@peculiar/asn1-cms';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RsaEsOaepParams } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  gost3410,
  kdfTree256,
  kuznyechik,
  magma,
  kexp15,
  kimp15,
  randomBytes,
  reverseBytes,
  vko256,
  vko512,
  type BlockCipherAlgorithm,
} from '@podpis/gost';
import { parseDer, toDer } from '../../asn1/der.js';
import { gostKeyAlgorithmOid } from '../../algorithms/gost-params.js';
import { bufferSource } from '../../bytes.js';
import { PkiError } from '../../errors.js';
import { OID } from '../../oids.js';
import { EccCmsSharedInfo, GostKeyTransport, GostKeyWrapParameters } from './asn1.js';
import { gostParamsOf, gostPublicKeyBytes, type OaepHash, type RecipientKey } from './recipient-key.js';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

const HASH_OIDS: ReadonlyMap<string, OaepHash> = new Map([
  [OID.sha1, 'SHA-1'],
  [OID.sha256, 'SHA-256'],
  [OID.sha384, 'SHA-384'],
  [OID.sha512, 'SHA-512'],
]);

const ECDH_KDFS: ReadonlyMap<string, OaepHash> = new Map([
  [OID.ecdhStdSha1Kdf, 'SHA-1'],
  [OID.ecdhStdSha256Kdf, 'SHA-256'],
  [OID.ecdhStdSha384Kdf, 'SHA-384'],
  [OID.ecdhStdSha512Kdf, 'SHA-512'],
]);

const AES_WRAP_KEY_LENGTHS: ReadonlyMap<string, number> = new Map([
  [OID.aes128Wrap, 16],
  [OID.aes256Wrap, 32],
]);

function issuerAndSerial(cert: Certificate): IssuerAndSerialNumber {
  return new IssuerAndSerialNumber({
    issuer: cert.tbsCertificate.issuer,
    serialNumber: cert.tbsCertificate.serialNumber,
  });
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function trimmedSerial(serial: ArrayBuffer): Uint8Array {
  const bytes = new Uint8Array(serial);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

/** Whether a recipient identifier (IssuerAndSerialNumber or a key identifier) names `cert`. */
export function identifies(
  rid: { issuerAndSerialNumber?: IssuerAndSerialNumber; subjectKeyIdentifier?: OctetString },
  cert: Certificate,
  subjectKeyIdentifier: Uint8Array | undefined,
): boolean {
  if (rid.issuerAndSerialNumber) {
    const ias = rid.issuerAndSerialNumber;
    return (
      equal(toDer(ias.issuer), toDer(cert.tbsCertificate.issuer)) &&
      equal(trimmedSerial(ias.serialNumber), trimmedSerial(cert.tbsCertificate.serialNumber))
    );
  }
  if (rid.subjectKeyIdentifier && subjectKeyIdentifier) {
    return equal(new Uint8Array(rid.subjectKeyIdentifier.buffer), subjectKeyIdentifier);
  }
  return false;
}

// ---------------------------------------------------------------- RSA-OAEP

const LIBRARY_DEFAULT_P_SOURCE = toDer(new RsaEsOaepParams().pSourceAlgorithm);

const OAEP_SHA256 = new RsaEsOaepParams({
  hashAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256 }),
  maskGenAlgorithm: new AlgorithmIdentifier({
    algorithm: OID.mgf1,
    parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: OID.sha256 })),
  }),
});

async function rsaRecipient(cert: Certificate, cek: Uint8Array): Promise<RecipientInfo> {
  const key = await subtle().importKey(
    'spki',
    bufferSource(toDer(cert.tbsCertificate.subjectPublicKeyInfo)),
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['encrypt'],
  );
  const encryptedKey = new Uint8Array(await subtle().encrypt({ name: 'RSA-OAEP' }, key, bufferSource(cek)));
  return new RecipientInfo({
    ktri: new KeyTransRecipientInfo({
      version: CMSVersion.v0,
      rid: new RecipientIdentifier({ issuerAndSerialNumber: issuerAndSerial(cert) }),
      keyEncryptionAlgorithm: new KeyEncryptionAlgorithmIdentifier({
        algorithm: OID.rsaesOaep,
        parameters: AsnConvert.serialize(OAEP_SHA256),
      }),
      encryptedKey: new OctetString(encryptedKey),
    }),
  });
}

/**
 * pSpecified with an empty label, the only P source anyone uses (RFC 8017
 * A.2.1). When the field is absent the ASN.1 library fills in its own
 * default object, which stands for the same thing.
 */
function isEmptyLabel(pSource: AlgorithmIdentifier): boolean {
  if (equal(toDer(pSource), LIBRARY_DEFAULT_P_SOURCE)) return true;
  const params = pSource.parameters ? new Uint8Array(pSource.parameters) : new Uint8Array([0x04, 0x00]);
  return (
    pSource.algorithm === OID.pSpecified && params.length === 2 && params[0] === 0x04 && params[1] === 0x00
  );
}

function oaepHash(algorithm: AlgorithmIdentifier, path: string): OaepHash {
  if (algorithm.algorithm === OID.rsaEncryption) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      'RSA PKCS#1 v1.5 key transport is not accepted; use RSAES-OAEP',
      path,
    );
  }
  if (algorithm.algorithm !== OID.rsaesOaep) {
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported key transport ${algorithm.algorithm}`, path);
  }
  const params = algorithm.parameters
    ? parseDer(new Uint8Array(algorithm.parameters), RsaEsOaepParams, `${path}.parameters`)
    : new RsaEsOaepParams();
  const hash = HASH_OIDS.get(params.hashAlgorithm.algorithm);
  const mgfParams = params.maskGenAlgorithm.parameters;
  const mgfHash = mgfParams
    ? HASH_OIDS.get(parseDer(new Uint8Array(mgfParams), AlgorithmIdentifier, `${path}.parameters`).algorithm)
    : undefined;
  if (
    !hash ||
    params.maskGenAlgorithm.algorithm !== OID.mgf1 ||
    mgfHash !== hash ||
    !isEmptyLabel(params.pSourceAlgorithm)
  ) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      'RSAES-OAEP parameters other than MGF1 with the same hash',
      path,
    );
  }
  return hash;
}

// ---------------------------------------------------------------- ECDH

function namedCurve(spki: SubjectPublicKeyInfo): 'P-256' | 'P-384' {
  const params = spki.algorithm.parameters;
  const curve = params ? AsnConvert.parse(params, ECParameters).namedCurve : undefined;
  if (curve === OID.p256) return 'P-256';
  if (curve === OID.p384) return 'P-384';
  throw new PkiError(
    'UNSUPPORTED_ALGORITHM',
    `unsupported EC curve ${curve ?? '(none)'}`,
    'subjectPublicKeyInfo',
  );
}

/** The ANSI X9.63 KDF of RFC 5753 §7.2: Hash(Z ‖ counter ‖ ECC-CMS-SharedInfo). */
async function x963Kdf(hash: OaepHash, z: Uint8Array, wrapOid: string, keyLength: number, ukm?: Uint8Array) {
  const suppPubInfo = new Uint8Array(4);
  new DataView(suppPubInfo.buffer).setUint32(0, keyLength * 8);
  const sharedInfo = toDer(
    new EccCmsSharedInfo({
      keyInfo: new AlgorithmIdentifier({ algorithm: wrapOid }),
      ...(ukm ? { entityUInfo: new OctetString(ukm) } : {}),
      suppPubInfo: new OctetString(suppPubInfo),
    }),
  );
  const out = new Uint8Array(keyLength + 64);
  let produced = 0;
  for (let counter = 1; produced < keyLength; counter++) {
    const input = new Uint8Array(z.length + 4 + sharedInfo.length);
    input.set(z);
    new DataView(input.buffer).setUint32(z.length, counter);
    input.set(sharedInfo, z.length + 4);
    const block = new Uint8Array(await subtle().digest(hash, input));
    out.set(block, produced);
    produced += block.length;
  }
  return out.slice(0, keyLength);
}

async function ecdhRecipient(cert: Certificate, cek: Uint8Array): Promise<RecipientInfo> {
  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  const curve = namedCurve(spki);
  const recipientKey = await subtle().importKey(
    'spki',
    bufferSource(toDer(spki)),
    { name: 'ECDH', namedCurve: curve },
    false,
    [],
  );
  const ephemeral = await subtle().generateKey({ name: 'ECDH', namedCurve: curve }, true, ['deriveBits']);
  const z = new Uint8Array(
    await subtle().deriveBits(
      { name: 'ECDH', public: recipientKey },
      ephemeral.privateKey,
      curve === 'P-256' ? 256 : 384,
    ),
  );
  const kek = await x963Kdf('SHA-256', z, OID.aes256Wrap, 32);
  const wrapped = await aesWrap(kek, cek);
  const ephemeralPoint = new Uint8Array(await subtle().exportKey('raw', ephemeral.publicKey));
  return new RecipientInfo({
    kari: new KeyAgreeRecipientInfo({
      version: CMSVersion.v3,
      originator: new OriginatorIdentifierOrKey({
        originatorKey: new OriginatorPublicKey({
          algorithm: new AlgorithmIdentifier({ algorithm: OID.ecPublicKey }),
          publicKey: ephemeralPoint.buffer,
        }),
      }),
      keyEncryptionAlgorithm: new KeyEncryptionAlgorithmIdentifier({
        algorithm: OID.ecdhStdSha256Kdf,
        parameters: AsnConvert.serialize(new AlgorithmIdentifier({ algorithm: OID.aes256Wrap })),
      }),
      recipientEncryptedKeys: new RecipientEncryptedKeys([
        new RecipientEncryptedKey({
          rid: new KeyAgreeRecipientIdentifier({ issuerAndSerialNumber: issuerAndSerial(cert) }),
          encryptedKey: new OctetString(wrapped),
        }),
      ]),
    }),
  });
}

/** AES key wrap (RFC 3394) through WebCrypto, which wraps only CryptoKeys. */
async function aesWrap(kek: Uint8Array, key: Uint8Array): Promise<Uint8Array> {
  const wrapping = await subtle().importKey('raw', bufferSource(kek), 'AES-KW', false, ['wrapKey']);
  const inner = await subtle().importKey('raw', bufferSource(key), 'AES-CBC', true, ['encrypt']);
  return new Uint8Array(await subtle().wrapKey('raw', inner, wrapping, 'AES-KW'));
}

async function aesUnwrap(kek: Uint8Array, wrapped: Uint8Array): Promise<Uint8Array> {
  const wrapping = await subtle().importKey('raw', bufferSource(kek), 'AES-KW', false, ['unwrapKey']);
  const inner = await subtle().unwrapKey('raw', bufferSource(wrapped), wrapping, 'AES-KW', 'AES-CBC', true, [
    'encrypt',
  ]);
  return new Uint8Array(await subtle().exportKey('raw', inner));
}

// ---------------------------------------------------------------- GOST KExp15

const KDF_TREE_LABEL = new TextEncoder().encode('kdf tree');

/** KEG of R 1323565.1.020 as the GOST engine computes it: K_Exp_MAC ‖ K_Exp_ENC (64 bytes). */
async function gostKeg(
  bits: 256 | 512,
  ukm: Uint8Array,
  agree: (ukm: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const first = ukm.slice(0, 16);
  const vkoUkm = first.every((b) => b === 0)
    ? Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? 1 : 0))
    : reverseBytes(first);
  const shared = await agree(vkoUkm);
  return bits === 512 ? shared : kdfTree256(shared, KDF_TREE_LABEL, ukm.subarray(16, 24), 64, 1);
}

async function gostRecipient(
  cert: Certificate,
  cek: Uint8Array,
  alg: BlockCipherAlgorithm,
): Promise<RecipientInfo> {
  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  const info = gostParamsOf(spki.algorithm.parameters, 'subjectPublicKeyInfo.algorithm.parameters');
  const peer = gostPublicKeyBytes(spki, 'subjectPublicKeyInfo.subjectPublicKey');
  const ephemeral = gost3410.generatePrivateKey(info.paramSet);
  const ukm = randomBytes(32);
  const vko = info.bits === 256 ? vko256 : vko512;
  const keys = await gostKeg(info.bits, ukm, async (vkoUkm) => vko(info.paramSet, ephemeral, peer, vkoUkm));
  const exported = kexp15(alg, cek, keys.subarray(0, 32), keys.subarray(32), gostIv(ukm, alg));
  const transport = new GostKeyTransport({
    encryptedKey: new OctetString(exported),
    // The engine gives the ephemeral key the recipient's parameters.
    ephemeralPublicKey: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: gostKeyAlgorithmOid(info.bits),
        ...(spki.algorithm.parameters ? { parameters: spki.algorithm.parameters } : {}),
      }),
      subjectPublicKey: AsnConvert.serialize(
        new OctetString(gost3410.getPublicKey(info.paramSet, ephemeral)),
      ),
    }),
    ukm: new OctetString(ukm),
  });
  ephemeral.fill(0);
  keys.fill(0);
  return new RecipientInfo({
    ktri: new KeyTransRecipientInfo({
      version: CMSVersion.v0,
      rid: new RecipientIdentifier({ issuerAndSerialNumber: issuerAndSerial(cert) }),
      keyEncryptionAlgorithm: new KeyEncryptionAlgorithmIdentifier({
        algorithm: alg.blockSize === 16 ? OID.kuznyechikKexp15 : OID.magmaKexp15,
        parameters: AsnConvert.serialize(
          new GostKeyWrapParameters({
            keyAgreementAlgorithm:
              info.bits === 256 ? OID.agreementGost3410_2012_256 : OID.agreementGost3410_2012_512,
          }),
        ),
      }),
      encryptedKey: new OctetString(toDer(transport)),
    }),
  });
}

function gostIv(ukm: Uint8Array, alg: BlockCipherAlgorithm): Uint8Array {
  return ukm.subarray(24, 24 + alg.blockSize / 2);
}

async function gostUnwrap(
  ktri: KeyTransRecipientInfo,
  key: RecipientKey,
  alg: BlockCipherAlgorithm,
): Promise<Uint8Array> {
  const path = 'recipientInfos.ktri.encryptedKey';
  const agree = key.agree?.bind(key);
  if (!agree) throw new PkiError('INVALID_KEY', 'the recipient key cannot do key agreement', path);
  const info = gostParamsOf(key.publicKeyInfo.algorithm.parameters, 'recipientKey.publicKeyInfo');
  const transport = parseDer(new Uint8Array(ktri.encryptedKey.buffer), GostKeyTransport, path);
  const ukm = transport.ukm ? new Uint8Array(transport.ukm.buffer) : undefined;
  if (ukm?.length !== 32)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'KExp15 key transport needs a 32-byte UKM', path);
  const keys = await gostKeg(info.bits, ukm, (vkoUkm) => agree(transport.ephemeralPublicKey, vkoUkm));
  try {
    return kimp15(
      alg,
      new Uint8Array(transport.encryptedKey.buffer),
      keys.subarray(0, 32),
      keys.subarray(32),
      gostIv(ukm, alg),
    );
  } finally {
    keys.fill(0);
  }
}

// ---------------------------------------------------------------- dispatch

/** The RecipientInfo giving `cek` to the holder of `cert`'s key. */
export async function recipientInfoFor(
  cert: Certificate,
  cek: Uint8Array,
  contentAlgorithm: string,
  gostCipher: BlockCipherAlgorithm | undefined,
): Promise<RecipientInfo> {
  const keyAlgorithm = cert.tbsCertificate.subjectPublicKeyInfo.algorithm.algorithm;
  if (keyAlgorithm === OID.rsaEncryption) return rsaRecipient(cert, cek);
  if (keyAlgorithm === OID.ecPublicKey) return ecdhRecipient(cert, cek);
  if (keyAlgorithm === OID.gost3410_2012_256 || keyAlgorithm === OID.gost3410_2012_512) {
    if (!gostCipher) {
      throw new PkiError(
        'INVALID_ARGUMENT',
        `GOST recipients need 'kuznyechik' or 'magma' content encryption, not ${contentAlgorithm}`,
        'contentEncryption',
      );
    }
    return gostRecipient(cert, cek, gostCipher);
  }
  throw new PkiError('UNSUPPORTED_ALGORITHM', `cannot encrypt to ${keyAlgorithm} keys`, 'recipients');
}

/** The encrypted key for `cert` in a RecipientInfo, or undefined when it is for someone else. */
export function findEncryptedKey(
  recipient: RecipientInfo,
  cert: Certificate,
  subjectKeyIdentifier: Uint8Array | undefined,
): RecipientInfo | undefined {
  if (recipient.ktri)
    return identifies(recipient.ktri.rid, cert, subjectKeyIdentifier) ? recipient : undefined;
  if (recipient.kari) {
    const match = recipient.kari.recipientEncryptedKeys.find((rek) =>
      identifies(
        {
          ...(rek.rid.issuerAndSerialNumber ? { issuerAndSerialNumber: rek.rid.issuerAndSerialNumber } : {}),
          ...(rek.rid.rKeyId ? { subjectKeyIdentifier: rek.rid.rKeyId.subjectKeyIdentifier } : {}),
        },
        cert,
        subjectKeyIdentifier,
      ),
    );
    if (!match) return undefined;
    return new RecipientInfo({
      kari: new KeyAgreeRecipientInfo({
        version: recipient.kari.version,
        originator: recipient.kari.originator,
        ...(recipient.kari.ukm ? { ukm: recipient.kari.ukm } : {}),
        keyEncryptionAlgorithm: recipient.kari.keyEncryptionAlgorithm,
        recipientEncryptedKeys: new RecipientEncryptedKeys([match]),
      }),
    });
  }
  return undefined;
}

async function kariUnwrap(kari: KeyAgreeRecipientInfo, key: RecipientKey): Promise<Uint8Array> {
  const path = 'recipientInfos.kari';
  const kdfHash = ECDH_KDFS.get(kari.keyEncryptionAlgorithm.algorithm);
  if (!kdfHash) {
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      `unsupported key agreement ${kari.keyEncryptionAlgorithm.algorithm}`,
      path,
    );
  }
  const wrapParams = kari.keyEncryptionAlgorithm.parameters;
  if (!wrapParams)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'key agreement without a key wrap algorithm', path);
  const wrap = parseDer(
    new Uint8Array(wrapParams),
    AlgorithmIdentifier,
    `${path}.keyEncryptionAlgorithm.parameters`,
  );
  const kekLength = AES_WRAP_KEY_LENGTHS.get(wrap.algorithm);
  if (!kekLength) throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported key wrap ${wrap.algorithm}`, path);
  const originator = kari.originator.originatorKey;
  if (!originator)
    throw new PkiError(
      'UNSUPPORTED_ALGORITHM',
      'only ephemeral-static ECDH is supported',
      `${path}.originator`,
    );
  const agree = key.agree?.bind(key);
  if (!agree) throw new PkiError('INVALID_KEY', 'the recipient key cannot do key agreement', path);
  // The originator key carries no curve (RFC 5753 §3.1.1): it is the recipient's.
  const peer = new SubjectPublicKeyInfo({
    algorithm: key.publicKeyInfo.algorithm,
    subjectPublicKey: originator.publicKey,
  });
  const z = await agree(peer);
  const ukm = kari.ukm ? new Uint8Array(kari.ukm.buffer) : undefined;
  const kek = await x963Kdf(kdfHash, z, wrap.algorithm, kekLength, ukm);
  const encrypted = kari.recipientEncryptedKeys[0];
  if (!encrypted) throw new PkiError('UNEXPECTED_STRUCTURE', 'no encrypted key', path);
  return aesUnwrap(kek, new Uint8Array(encrypted.encryptedKey.buffer));
}

/** Recovers the content-encryption key from the RecipientInfo that `findEncryptedKey` picked. */
export async function unwrapContentKey(recipient: RecipientInfo, key: RecipientKey): Promise<Uint8Array> {
  if (recipient.kari) return kariUnwrap(recipient.kari, key);
  const ktri = recipient.ktri;
  if (!ktri) throw new PkiError('UNSUPPORTED_ALGORITHM', 'unsupported RecipientInfo', 'recipientInfos');
  const algorithm = ktri.keyEncryptionAlgorithm.algorithm;
  if (algorithm === OID.kuznyechikKexp15 || algorithm === OID.magmaKexp15) {
    return gostUnwrap(ktri, key, algorithm === OID.kuznyechikKexp15 ? kuznyechik : magma);
  }
  const hash = oaepHash(ktri.keyEncryptionAlgorithm, 'recipientInfos.ktri.keyEncryptionAlgorithm');
  if (!key.decryptKeyTransport)
    throw new PkiError('INVALID_KEY', 'the recipient key cannot decrypt RSA key transport');
  return key.decryptKeyTransport(new Uint8Array(ktri.encryptedKey.buffer), hash);
}
