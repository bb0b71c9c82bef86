/**
 * PKCS#12 (RFC 7292) for handing a user their certificate and key, in the
 * layout OpenSSL 3 writes by default: the certificates in a PBES2-encrypted
 * SafeContents, the key in a pkcs8ShroudedKeyBag (PBES2: PBKDF2-HMAC-SHA256,
 * AES-256-CBC), both bags tagged with the same localKeyId (SHA-1 of the
 * certificate), and an HMAC-SHA256 MAC over the whole with the PKCS#12 KDF.
 * Works for any PKCS#8 key: RSA, ECDSA, Ed25519 and GOST (GOST keys use the
 * same PBES2; the GOST-specific profile of RFC 9548 is not produced).
 */
import {
  ContentEncryptionAlgorithmIdentifier,
  ContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
} from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe,
  CertBag,
  MacData,
  PFX,
  PKCS12Attribute,
  PKCS8ShroudedKeyBag,
  SafeBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
import { EncryptedData as EncryptedKeyData, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { AsnConvert, AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { BmpString, fromBER } from 'asn1js';
import { checkDerStructure, parseDer, toDer } from '../asn1/der.js';
import { equalBytes, randomBytes } from '@podpis/gost';
import { PkiError } from '../errors.js';
import { OID } from '../oids.js';
import { parseCertificate } from '../x509/certificate.js';
import { checkIterations, pbes2Decrypt, pbes2Encrypt, pkcs12Mac } from './pbes2.js';

/** CMS EncryptedData (RFC 5652 §8), which `@peculiar/asn1-cms` lacks. */
class CmsEncryptedData {
  @AsnProp({ type: AsnPropTypes.Integer })
  version = 0;

  @AsnProp({ type: EncryptedContentInfo })
  encryptedContentInfo = new EncryptedContentInfo();

  constructor(params: Partial<CmsEncryptedData> = {}) {
    Object.assign(this, params);
  }
}

/** PBKDF2 and MAC iterations when none are given. */
export const DEFAULT_PKCS12_ITERATIONS = 100_000;

export interface Pkcs12Options {
  /** The private key, PKCS#8 DER. */
  pkcs8: Uint8Array;
  /** The key's certificate, DER. */
  certificate: Uint8Array;
  /** CA certificates to include, DER, issuer of `certificate` first. */
  chain?: readonly Uint8Array[];
  password: string;
  /** Shown by importers (browsers, Windows) as the name of the key. */
  friendlyName?: string;
  /** PBKDF2 and MAC iterations; 100,000 unless given. */
  iterations?: number;
}

export interface Pkcs12Contents {
  pkcs8: Uint8Array;
  certificate: Uint8Array;
  chain: Uint8Array[];
  friendlyName: string | undefined;
}

const encoder = new TextEncoder();

function dataContentInfo(bytes: Uint8Array): ContentInfo {
  return new ContentInfo({ contentType: OID.data, content: AsnConvert.serialize(new OctetString(bytes)) });
}

/** A bag attribute; PKCS12Attribute's constructor ignores its argument, so the fields are set here. */
function bagAttribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  const attribute = new PKCS12Attribute();
  attribute.attrId = attrId;
  attribute.attrValues = [value];
  return attribute;
}

function attributes(localKeyId: Uint8Array, friendlyName: string | undefined): PKCS12Attribute[] {
  const localKeyIdAttribute = bagAttribute(OID.localKeyId, AsnConvert.serialize(new OctetString(localKeyId)));
  if (friendlyName === undefined) return [localKeyIdAttribute];
  return [
    bagAttribute(OID.friendlyName, new BmpString({ value: friendlyName }).toBER()),
    localKeyIdAttribute,
  ];
}

/** Builds a password-protected PKCS#12 file (DER). */
export async function createPkcs12(options: Pkcs12Options): Promise<Uint8Array> {
  const iterations = options.iterations ?? DEFAULT_PKCS12_ITERATIONS;
  checkIterations(iterations, 'iterations');
  parseDer(options.pkcs8, PrivateKeyInfo, 'pkcs8');
  parseCertificate(options.certificate);
  const chain = options.chain ?? [];
  chain.forEach((der, i) => {
    try {
      parseCertificate(der);
    } catch (error) {
      if (error instanceof PkiError) throw new PkiError(error.code, error.message, `chain[${i}]`);
      throw error;
    }
  });
  const password = encoder.encode(options.password);
  const localKeyId = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-1', options.certificate.slice()),
  );

  const certBags = [options.certificate, ...chain].map(
    (der, i) =>
      new SafeBag({
        bagId: OID.certBag,
        bagValue: AsnConvert.serialize(
          new CertBag({
            certId: OID.x509CertificateBagType,
            certValue: AsnConvert.serialize(new OctetString(der)),
          }),
        ),
        ...(i === 0 ? { bagAttributes: attributes(localKeyId, options.friendlyName) } : {}),
      }),
  );
  const sealedCerts = await pbes2Encrypt(toDer(new SafeContents(certBags)), password, iterations);
  const encryptedCerts = new CmsEncryptedData({
    version: 0,
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new ContentEncryptionAlgorithmIdentifier(sealedCerts.algorithm),
      encryptedContent: new EncryptedContent({ value: new OctetString(sealedCerts.ciphertext) }),
    }),
  });

  const sealedKey = await pbes2Encrypt(options.pkcs8, password, iterations);
  const keyBag = new SafeBag({
    bagId: OID.pkcs8ShroudedKeyBag,
    bagValue: AsnConvert.serialize(
      new PKCS8ShroudedKeyBag({
        encryptionAlgorithm: sealedKey.algorithm,
        encryptedData: new EncryptedKeyData(sealedKey.ciphertext),
      }),
    ),
    bagAttributes: attributes(localKeyId, options.friendlyName),
  });
  password.fill(0);

  const authenticatedSafe = toDer(
    new AuthenticatedSafe([
      new ContentInfo({ contentType: OID.encryptedData, content: AsnConvert.serialize(encryptedCerts) }),
      dataContentInfo(toDer(new SafeContents([keyBag]))),
    ]),
  );
  const macSalt = randomBytes(16);
  const mac = await pkcs12Mac(OID.sha256, options.password, macSalt, iterations, authenticatedSafe);
  return toDer(
    new PFX({
      version: 3,
      authSafe: dataContentInfo(authenticatedSafe),
      macData: new MacData({
        mac: new DigestInfo({
          digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID.sha256, parameters: null }),
          digest: new OctetString(mac),
        }),
        macSalt: new OctetString(macSalt),
        iterations,
      }),
    }),
  );
}

function dataOf(info: ContentInfo, path: string): Uint8Array {
  if (info.contentType !== OID.data) {
    throw new PkiError('UNSUPPORTED_ALGORITHM', `unsupported content type ${info.contentType}`, path);
  }
  return new Uint8Array(parseDer(new Uint8Array(info.content), OctetString, path).buffer);
}

interface Bags {
  keys: { pkcs8: Uint8Array; localKeyId: Uint8Array | undefined; friendlyName: string | undefined }[];
  certificates: { der: Uint8Array; localKeyId: Uint8Array | undefined }[];
}

function readBmpString(der: Uint8Array, path: string): string {
  checkDerStructure(der, path);
  const parsed = fromBER(der.slice().buffer).result;
  if (!(parsed instanceof BmpString))
    throw new PkiError('UNEXPECTED_STRUCTURE', 'expected a BMPString', path);
  return parsed.getValue();
}

function attribute(bag: SafeBag, oid: string): ArrayBuffer | undefined {
  return bag.bagAttributes?.find((a) => a.attrId === oid)?.attrValues[0];
}

async function readBags(contents: Uint8Array, password: Uint8Array, path: string, bags: Bags): Promise<void> {
  const safe = parseDer(contents, SafeContents, path);
  for (const [i, bag] of [...safe].entries()) {
    const bagPath = `${path}[${i}]`;
    const idValue = attribute(bag, OID.localKeyId);
    const localKeyId = idValue
      ? new Uint8Array(parseDer(new Uint8Array(idValue), OctetString, `${bagPath}.localKeyId`).buffer)
      : undefined;
    const nameValue = attribute(bag, OID.friendlyName);
    const friendlyName = nameValue
      ? readBmpString(new Uint8Array(nameValue), `${bagPath}.friendlyName`)
      : undefined;
    const value = new Uint8Array(bag.bagValue);
    if (bag.bagId === OID.certBag) {
      const certBag = parseDer(value, CertBag, bagPath);
      if (certBag.certId !== OID.x509CertificateBagType) continue;
      const der = new Uint8Array(parseDer(new Uint8Array(certBag.certValue), OctetString, bagPath).buffer);
      bags.certificates.push({ der, localKeyId });
    } else if (bag.bagId === OID.pkcs8ShroudedKeyBag) {
      const shrouded = parseDer(value, PKCS8ShroudedKeyBag, bagPath);
      const pkcs8 = await pbes2Decrypt(
        shrouded.encryptionAlgorithm,
        new Uint8Array(shrouded.encryptedData.buffer),
        password,
        bagPath,
      );
      parseDer(pkcs8, PrivateKeyInfo, bagPath);
      bags.keys.push({ pkcs8, localKeyId, friendlyName });
    } else if (bag.bagId === OID.keyBag) {
      parseDer(value, PrivateKeyInfo, bagPath);
      bags.keys.push({ pkcs8: value, localKeyId, friendlyName });
    }
  }
}

/**
 * Reads a password-protected PKCS#12 file: ours, `openssl pkcs12 -export`
 * (OpenSSL 3 defaults) or anything else with PBES2 and an HMAC. The MAC is
 * checked first; a mismatch is WRONG_PASSWORD. Legacy PKCS#12 PBE
 * (3DES/RC2) is UNSUPPORTED_ALGORITHM. The certificate is the one whose
 * localKeyId matches the key's (else the first); the rest are `chain`.
 */
export async function parsePkcs12(der: Uint8Array, password: string): Promise<Pkcs12Contents> {
  const pfx = parseDer(der, PFX, 'pfx');
  if (pfx.version !== 3)
    throw new PkiError('UNEXPECTED_STRUCTURE', `PFX version ${pfx.version}`, 'pfx.version');
  const authenticatedSafe = dataOf(pfx.authSafe, 'pfx.authSafe');
  const macData = pfx.macData as MacData | undefined;
  if (!macData) throw new PkiError('UNSUPPORTED_ALGORITHM', 'PKCS#12 without a MAC', 'pfx.macData');
  const expected = await pkcs12Mac(
    macData.mac.digestAlgorithm.algorithm,
    password,
    new Uint8Array(macData.macSalt.buffer),
    macData.iterations,
    authenticatedSafe,
  );
  if (!equalBytes(expected, new Uint8Array(macData.mac.digest.buffer))) {
    throw new PkiError(
      'WRONG_PASSWORD',
      'wrong password (or the file was altered): MAC mismatch',
      'pfx.macData',
    );
  }
  const passwordBytes = encoder.encode(password);
  const bags: Bags = { keys: [], certificates: [] };
  const contents = parseDer(authenticatedSafe, AuthenticatedSafe, 'authenticatedSafe');
  for (const [i, info] of [...contents].entries()) {
    const path = `authenticatedSafe[${i}]`;
    if (info.contentType === OID.encryptedData) {
      const encrypted = parseDer(new Uint8Array(info.content), CmsEncryptedData, path);
      const eci = encrypted.encryptedContentInfo;
      const ciphertext = eci.encryptedContent?.value;
      if (!ciphertext)
        throw new PkiError('UNEXPECTED_STRUCTURE', 'encrypted SafeContents without content', path);
      const plain = await pbes2Decrypt(
        eci.contentEncryptionAlgorithm,
        new Uint8Array(ciphertext.buffer),
        passwordBytes,
        path,
      );
      await readBags(plain, passwordBytes, path, bags);
    } else {
      await readBags(dataOf(info, path), passwordBytes, path, bags);
    }
  }
  passwordBytes.fill(0);
  const [key, ...otherKeys] = bags.keys;
  if (!key)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'no private key in the PKCS#12 file', 'authenticatedSafe');
  if (otherKeys.length > 0)
    throw new PkiError('UNSUPPORTED_ALGORITHM', 'more than one private key', 'authenticatedSafe');
  const keyId = key.localKeyId;
  const index = Math.max(
    0,
    bags.certificates.findIndex(
      (c) => keyId !== undefined && c.localKeyId !== undefined && equalBytes(c.localKeyId, keyId),
    ),
  );
  const certificate = bags.certificates[index];
  if (!certificate)
    throw new PkiError('UNEXPECTED_STRUCTURE', 'no certificate in the PKCS#12 file', 'authenticatedSafe');
  return {
    pkcs8: key.pkcs8,
    certificate: certificate.der,
    chain: bags.certificates.filter((_, i) => i !== index).map((c) => c.der),
    friendlyName: key.friendlyName,
  };
}
