/**
 * Every object identifier the PKI package uses, with its name. Code refers
 * to `OID.name`; `oidName` turns an OID back into a name for display and
 * error messages.
 */
export const OID = {
  // GOST R 34.10/34.11-2012 (RFC 9215, RFC 7836, TC26)
  gost3410_2012_256: '1.2.643.7.1.1.1.1',
  gost3410_2012_512: '1.2.643.7.1.1.1.2',
  streebog256: '1.2.643.7.1.1.2.2',
  streebog512: '1.2.643.7.1.1.2.3',
  signWithStreebog256: '1.2.643.7.1.1.3.2',
  signWithStreebog512: '1.2.643.7.1.1.3.3',
  hmacStreebog256: '1.2.643.7.1.1.4.1',
  hmacStreebog512: '1.2.643.7.1.1.4.2',
  magma: '1.2.643.7.1.1.5.1',
  magmaCtrAcpkm: '1.2.643.7.1.1.5.1.1',
  magmaCtrAcpkmOmac: '1.2.643.7.1.1.5.1.2',
  kuznyechik: '1.2.643.7.1.1.5.2',
  kuznyechikCtrAcpkm: '1.2.643.7.1.1.5.2.1',
  kuznyechikCtrAcpkmOmac: '1.2.643.7.1.1.5.2.2',
  agreementGost3410_2012_256: '1.2.643.7.1.1.6.1',
  agreementGost3410_2012_512: '1.2.643.7.1.1.6.2',
  magmaKexp15: '1.2.643.7.1.1.7.1.1',
  kuznyechikKexp15: '1.2.643.7.1.1.7.2.1',
  gostCmsMacAttribute: '1.2.643.7.1.0.6.1.1',
  gost3410_2012_256_paramSetA: '1.2.643.7.1.2.1.1.1',
  gost3410_2012_256_paramSetB: '1.2.643.7.1.2.1.1.2',
  gost3410_2012_256_paramSetC: '1.2.643.7.1.2.1.1.3',
  gost3410_2012_256_paramSetD: '1.2.643.7.1.2.1.1.4',
  gost3410_2012_512_paramSetA: '1.2.643.7.1.2.1.2.1',
  gost3410_2012_512_paramSetB: '1.2.643.7.1.2.1.2.2',
  gost3410_2012_512_paramSetC: '1.2.643.7.1.2.1.2.3',
  cryptoProParamSetA: '1.2.643.2.2.35.1',
  cryptoProParamSetB: '1.2.643.2.2.35.2',
  cryptoProParamSetC: '1.2.643.2.2.35.3',
  cryptoProParamSetXchA: '1.2.643.2.2.36.0',
  cryptoProParamSetXchB: '1.2.643.2.2.36.1',

  // Russian qualified certificate profile (Order of the FSB No. 795)
  ogrn: '1.2.643.100.1',
  snils: '1.2.643.100.3',
  innle: '1.2.643.100.4',
  ogrnip: '1.2.643.100.5',
  inn: '1.2.643.3.131.1.1',
  subjectSignTool: '1.2.643.100.111',
  issuerSignTool: '1.2.643.100.112',
  identificationKind: '1.2.643.100.114',
  policyKC1: '1.2.643.100.113.1',
  policyKC2: '1.2.643.100.113.2',
  policyKC3: '1.2.643.100.113.3',
  policyKB1: '1.2.643.100.113.4',
  policyKB2: '1.2.643.100.113.5',
  policyKA1: '1.2.643.100.113.6',

  // X.520 attribute types
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  street: '2.5.4.9',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  givenName: '2.5.4.42',
  pseudonym: '2.5.4.65',
  emailAddress: '1.2.840.113549.1.9.1',

  // X.509 extensions (RFC 5280)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  privateKeyUsagePeriod: '2.5.29.16',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  holdInstructionCode: '2.5.29.23',
  invalidityDate: '2.5.29.24',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  anyPolicy: '2.5.29.32.0',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ocspMethod: '1.3.6.1.5.5.7.48.1',
  caIssuersMethod: '1.3.6.1.5.5.7.48.2',
  holdInstructionNone: '1.2.840.10040.2.1',
  holdInstructionCallIssuer: '1.2.840.10040.2.2',
  holdInstructionReject: '1.2.840.10040.2.3',

  // Extended key usages
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',

  // OCSP (RFC 6960)
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',

  // CMS content types and attributes (RFC 5652, 5035, 5126)
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  counterSignature: '1.2.840.113549.1.9.6',
  challengePassword: '1.2.840.113549.1.9.7',
  extensionRequest: '1.2.840.113549.1.9.14',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  x509CertificateBagType: '1.2.840.113549.1.9.22.1',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  completeCertificateRefs: '1.2.840.113549.1.9.16.2.21',
  completeRevocationRefs: '1.2.840.113549.1.9.16.2.22',
  certValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
  escTimeStamp: '1.2.840.113549.1.9.16.2.25',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',

  // PKCS#12 and password-based encryption
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',

  // RSA (RFC 8017)
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  pSpecified: '1.2.840.113549.1.1.9',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',

  // DSA (RFC 3279), named only to be refused by key policies
  dsa: '1.2.840.10040.4.1',

  // Elliptic curves (RFC 5480, 8410)
  p192: '1.2.840.10045.3.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
  ecdhStdSha1Kdf: '1.3.133.16.840.63.0.2',
  ecdhStdSha256Kdf: '1.3.132.1.11.1',
  ecdhStdSha384Kdf: '1.3.132.1.11.2',
  ecdhStdSha512Kdf: '1.3.132.1.11.3',

  // Hashes and symmetric ciphers
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Wrap: '2.16.840.1.101.3.4.1.5',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  aes128Gcm: '2.16.840.1.101.3.4.1.6',
} as const;

export type OidName = keyof typeof OID;

const NAMES: ReadonlyMap<string, OidName> = new Map(
  (Object.entries(OID) as [OidName, string][]).map(([name, oid]) => [oid, name]),
);

/** The name of an OID we know, or the dotted OID itself. */
export function oidName(oid: string): string {
  return NAMES.get(oid) ?? oid;
}
