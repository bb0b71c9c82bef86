/**
 * Readable names, in Russian and English, for what a certificate carries:
 * the one place the office (`@podpis/pki/labels`) and the printable form
 * turn technical names into words. Keyed by the names `OID` gives (and by
 * the key usage bit names); `readableOid` and friends fall back to the
 * technical name for anything not listed, so nothing is ever blank.
 */
import { OID, oidName, type OidName } from './oids.js';
import type { KeyUsageName } from './x509/extensions.js';

export type LabelLanguage = 'ru' | 'en';
export interface Label {
  ru: string;
  en: string;
}

const same = (text: string): Label => ({ ru: text, en: text });

/** Public key algorithms (SubjectPublicKeyInfo). */
export const KEY_ALGORITHM_LABELS = {
  gost3410_2012_256: { ru: 'ГОСТ Р 34.10-2012, 256 бит', en: 'GOST R 34.10-2012, 256 bits' },
  gost3410_2012_512: { ru: 'ГОСТ Р 34.10-2012, 512 бит', en: 'GOST R 34.10-2012, 512 bits' },
  rsaEncryption: same('RSA'),
  ecPublicKey: same('ECDSA'),
  ed25519: same('Ed25519'),
  dsa: same('DSA'),
} as const satisfies Partial<Record<OidName, Label>>;

/** Signature algorithms (a certificate's, a CRL's, a signature's). */
export const SIGNATURE_ALGORITHM_LABELS = {
  signWithStreebog256: {
    ru: 'ГОСТ Р 34.10-2012 (256 бит) с хэшем ГОСТ Р 34.11-2012 (256 бит)',
    en: 'GOST R 34.10-2012 (256 bits) with GOST R 34.11-2012 (256-bit) hash',
  },
  signWithStreebog512: {
    ru: 'ГОСТ Р 34.10-2012 (512 бит) с хэшем ГОСТ Р 34.11-2012 (512 бит)',
    en: 'GOST R 34.10-2012 (512 bits) with GOST R 34.11-2012 (512-bit) hash',
  },
  sha256WithRsa: { ru: 'RSA с хэшем SHA-256', en: 'RSA with SHA-256' },
  sha384WithRsa: { ru: 'RSA с хэшем SHA-384', en: 'RSA with SHA-384' },
  sha512WithRsa: { ru: 'RSA с хэшем SHA-512', en: 'RSA with SHA-512' },
  rsassaPss: same('RSASSA-PSS'),
  ecdsaWithSha256: { ru: 'ECDSA с хэшем SHA-256', en: 'ECDSA with SHA-256' },
  ecdsaWithSha384: { ru: 'ECDSA с хэшем SHA-384', en: 'ECDSA with SHA-384' },
  ecdsaWithSha512: { ru: 'ECDSA с хэшем SHA-512', en: 'ECDSA with SHA-512' },
  ed25519: same('Ed25519'),
} as const satisfies Partial<Record<OidName, Label>>;

/** The key usage bits (RFC 5280 §4.2.1.3), every one. */
export const KEY_USAGE_LABELS = {
  digitalSignature: { ru: 'Цифровая подпись', en: 'Digital signature' },
  nonRepudiation: { ru: 'Неотрекаемость', en: 'Non-repudiation' },
  keyEncipherment: { ru: 'Шифрование ключей', en: 'Key encipherment' },
  dataEncipherment: { ru: 'Шифрование данных', en: 'Data encipherment' },
  keyAgreement: { ru: 'Согласование ключей', en: 'Key agreement' },
  keyCertSign: { ru: 'Подпись сертификатов', en: 'Certificate signing' },
  cRLSign: { ru: 'Подпись списков отзыва', en: 'CRL signing' },
  encipherOnly: { ru: 'Только шифрование', en: 'Encipher only' },
  decipherOnly: { ru: 'Только расшифрование', en: 'Decipher only' },
} as const satisfies Record<KeyUsageName, Label>;

/** Extended key usages (RFC 5280 §4.2.1.12). */
export const EXTENDED_KEY_USAGE_LABELS = {
  serverAuth: { ru: 'Проверка подлинности сервера', en: 'Server authentication' },
  clientAuth: { ru: 'Проверка подлинности клиента', en: 'Client authentication' },
  codeSigning: { ru: 'Подпись программного кода', en: 'Code signing' },
  emailProtection: { ru: 'Защита электронной почты', en: 'Email protection' },
  timeStamping: { ru: 'Штамп времени', en: 'Time stamping' },
  ocspSigning: { ru: 'Подпись ответов OCSP', en: 'OCSP signing' },
  anyExtendedKeyUsage: { ru: 'Любое назначение', en: 'Any purpose' },
} as const satisfies Partial<Record<OidName, Label>>;

/** Certificate policies: the classes of signature tools of the Russian qualified profile. */
export const POLICY_LABELS = {
  policyKC1: { ru: 'Класс средства ЭП КС1', en: 'Signature tool class KC1' },
  policyKC2: { ru: 'Класс средства ЭП КС2', en: 'Signature tool class KC2' },
  policyKC3: { ru: 'Класс средства ЭП КС3', en: 'Signature tool class KC3' },
  policyKB1: { ru: 'Класс средства ЭП КВ1', en: 'Signature tool class KB1' },
  policyKB2: { ru: 'Класс средства ЭП КВ2', en: 'Signature tool class KB2' },
  policyKA1: { ru: 'Класс средства ЭП КА1', en: 'Signature tool class KA1' },
  anyPolicy: { ru: 'Любая политика', en: 'Any policy' },
} as const satisfies Partial<Record<OidName, Label>>;

/** Revocation reasons (RFC 5280 §5.3.1) by their CRLReason names. */
export const REVOCATION_REASON_LABELS = {
  unspecified: { ru: 'Причина не указана', en: 'Unspecified' },
  keyCompromise: { ru: 'Компрометация ключа', en: 'Key compromise' },
  cACompromise: { ru: 'Компрометация удостоверяющего центра', en: 'CA compromise' },
  affiliationChanged: { ru: 'Изменение сведений о владельце', en: 'Affiliation changed' },
  superseded: { ru: 'Заменён новым сертификатом', en: 'Superseded' },
  cessationOfOperation: { ru: 'Прекращение деятельности', en: 'Cessation of operation' },
  certificateHold: { ru: 'Приостановлен', en: 'On hold' },
  removeFromCRL: { ru: 'Исключён из списка отзыва', en: 'Removed from CRL' },
  privilegeWithdrawn: { ru: 'Отзыв полномочий', en: 'Privilege withdrawn' },
  aACompromise: { ru: 'Компрометация атрибутного центра', en: 'Attribute authority compromise' },
} as const;

/** Name attributes (X.520 and the Russian qualified ones). */
export const ATTRIBUTE_LABELS = {
  commonName: { ru: 'Общее имя', en: 'Common name' },
  surname: { ru: 'Фамилия', en: 'Surname' },
  givenName: { ru: 'Имя и отчество', en: 'Given names' },
  title: { ru: 'Должность', en: 'Title' },
  organizationName: { ru: 'Организация', en: 'Organisation' },
  organizationalUnitName: { ru: 'Подразделение', en: 'Unit' },
  street: { ru: 'Адрес', en: 'Street address' },
  locality: { ru: 'Населённый пункт', en: 'Locality' },
  state: { ru: 'Субъект РФ', en: 'Region' },
  country: { ru: 'Страна', en: 'Country' },
  emailAddress: { ru: 'Электронная почта', en: 'Email' },
  serialNumber: { ru: 'Серийный номер', en: 'Serial number' },
  pseudonym: { ru: 'Псевдоним', en: 'Pseudonym' },
  inn: { ru: 'ИНН', en: 'INN' },
  innle: { ru: 'ИНН организации', en: 'INN of the organisation' },
  snils: { ru: 'СНИЛС', en: 'SNILS' },
  ogrn: { ru: 'ОГРН', en: 'OGRN' },
  ogrnip: { ru: 'ОГРНИП', en: 'OGRNIP' },
} as const satisfies Partial<Record<OidName, Label>>;

type Table = Readonly<Record<string, Label>>;

/** `name` is an OID, a dotted OID's registry name, or a key usage bit name. */
function readable(table: Table, name: string, language: LabelLanguage): string {
  const key = /^\d+(\.\d+)+$/.test(name) ? oidName(name) : name;
  return table[key]?.[language] ?? key;
}

export const readableKeyAlgorithm = (name: string, language: LabelLanguage): string =>
  readable(KEY_ALGORITHM_LABELS, name, language);
export const readableSignatureAlgorithm = (name: string, language: LabelLanguage): string =>
  readable(SIGNATURE_ALGORITHM_LABELS, name, language);
export const readableKeyUsage = (name: string, language: LabelLanguage): string =>
  readable(KEY_USAGE_LABELS, name, language);
export const readableExtendedKeyUsage = (name: string, language: LabelLanguage): string =>
  readable(EXTENDED_KEY_USAGE_LABELS, name, language);
export const readablePolicy = (name: string, language: LabelLanguage): string =>
  readable(POLICY_LABELS, name, language);
export const readableRevocationReason = (name: string, language: LabelLanguage): string =>
  readable(REVOCATION_REASON_LABELS, name, language);
export const readableAttribute = (name: string, language: LabelLanguage): string =>
  readable(ATTRIBUTE_LABELS, name, language);

/**
 * A key algorithm with its size or curve when known: «ГОСТ Р 34.10-2012,
 * 256 бит», «RSA 2048», «ECDSA P-256».
 */
export function readableKey(
  algorithm: string,
  language: LabelLanguage,
  detail?: { bits?: number; curve?: string },
): string {
  const base = readableKeyAlgorithm(algorithm, language);
  const key = /^\d+(\.\d+)+$/.test(algorithm) ? oidName(algorithm) : algorithm;
  if (key === 'rsaEncryption' && detail?.bits) return `${base} ${detail.bits}`;
  if (key === 'ecPublicKey' && detail?.curve) return `${base} ${CURVE_NAMES[detail.curve] ?? detail.curve}`;
  return base;
}

const CURVE_NAMES: Readonly<Record<string, string>> = {
  [OID.p256]: 'P-256',
  p256: 'P-256',
  [OID.p384]: 'P-384',
  p384: 'P-384',
  [OID.p521]: 'P-521',
  p521: 'P-521',
};

/** SNILS as people write it: `123-456-789 01`; anything not 11 digits is shown as given. */
export function formatSnils(value: string): string {
  const digits = value.replace(/[-\s]/g, '');
  if (!/^\d{11}$/.test(digits)) return value;
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;
}
