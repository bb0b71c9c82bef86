import {
  KEY_USAGE_LABELS,
  REVOCATION_REASON_LABELS,
  formatSnils,
  readableExtendedKeyUsage,
  readableKey,
  readableKeyUsage,
  readablePolicy,
  readableRevocationReason,
  readableSignatureAlgorithm,
  type LabelLanguage,
} from '@podpis/pki/labels';
import { OID, oidName } from '@podpis/pki';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../server/src/audit/actions.js';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../../server/src/ca/key-algorithms.js';
import { DEFAULT_PROFILES } from '../../server/src/ca/profiles.js';
import { RevocationReasonSchema } from '../../server/src/http/routes/certificates-schemas.js';
import { subjectOwner } from '../src/components/cabinet/commonName.js';
import { AUDIT_ACTION_LABELS } from '../src/i18n/audit-actions.js';

const LANGUAGES: readonly LabelLanguage[] = ['ru', 'en'];

/** A technical name (`digitalSignature`, `gost3410_2012_256`, a dotted OID or action) rather than words. */
const TECHNICAL = /^[a-z][A-Za-z0-9_]*$|^\d+(\.\d+)+$|^[a-z_-]+(\.[a-z_-]+)+$/;

function expectWords(text: string, what: string): void {
  expect(text, what).not.toBe('');
  expect(text, `${what} is a technical name: «${text}»`).not.toMatch(TECHNICAL);
}

/** The OID of a key's algorithm, and what tells keys of it apart, as a certificate carries them. */
function keyOf(algorithm: KeyAlgorithm): { oid: string; detail: { bits?: number; curve?: string } } {
  const spec = KEY_ALGORITHMS[algorithm];
  switch (spec.type) {
    case 'gost':
      return {
        oid: spec.paramSet.startsWith('1.2.643.7.1.2.1.1.') ? OID.gost3410_2012_256 : OID.gost3410_2012_512,
        detail: {},
      };
    case 'ecdsa':
      return { oid: OID.ecPublicKey, detail: { curve: spec.curve === 'P-256' ? OID.p256 : OID.p384 } };
    case 'rsa':
      return { oid: OID.rsaEncryption, detail: { bits: spec.modulusLength } };
  }
}

/** The signature algorithms a CA of each key makes (RSA and ECDSA with SHA-256/384). */
const SIGNATURE_ALGORITHMS = [
  OID.signWithStreebog256,
  OID.signWithStreebog512,
  OID.ecdsaWithSha256,
  OID.ecdsaWithSha384,
  OID.sha256WithRsa,
];

describe('readable names in the office and on the printable form', () => {
  it('every audit action the server writes has a Russian and an English label', () => {
    const missing = AUDIT_ACTIONS.filter((action) => !AUDIT_ACTION_LABELS[action]);
    expect(missing, 'add these to packages/web/src/i18n/audit-actions.ts').toEqual([]);
    for (const action of AUDIT_ACTIONS) {
      for (const language of LANGUAGES)
        expectWords(AUDIT_ACTION_LABELS[action]![language], `${action} (${language})`);
    }
    // No label for an action the server no longer writes.
    expect(
      Object.keys(AUDIT_ACTION_LABELS).filter(
        (action) => !(AUDIT_ACTIONS as readonly string[]).includes(action),
      ),
    ).toEqual([]);
  });

  it('every key usage, extended key usage and policy of every profile the CA issues under reads as words', () => {
    for (const profile of DEFAULT_PROFILES) {
      for (const language of LANGUAGES) {
        for (const usage of profile.keyUsage)
          expectWords(readableKeyUsage(usage, language), `${profile.id} ${usage}`);
        for (const usage of profile.extendedKeyUsage)
          expectWords(readableExtendedKeyUsage(usage, language), `${profile.id} ${oidName(usage)}`);
        for (const policy of profile.policies)
          expectWords(readablePolicy(policy, language), `${profile.id} ${oidName(policy)}`);
      }
    }
    for (const language of LANGUAGES)
      for (const usage of Object.keys(KEY_USAGE_LABELS))
        expectWords(readableKeyUsage(usage, language), usage);
    expect(readableExtendedKeyUsage(OID.clientAuth, 'ru')).toBe('Проверка подлинности клиента');
    expect(readableExtendedKeyUsage('emailProtection', 'ru')).toBe('Защита электронной почты');
    expect(readablePolicy(OID.policyKC1, 'ru')).toBe('Класс средства ЭП КС1');
  });

  it('every key algorithm a profile may name, and the signatures the CA makes, read as words with the size or curve', () => {
    for (const algorithm of Object.keys(KEY_ALGORITHMS) as KeyAlgorithm[]) {
      const { oid, detail } = keyOf(algorithm);
      for (const language of LANGUAGES) expectWords(readableKey(oid, language, detail), algorithm);
    }
    expect(readableKey(OID.gost3410_2012_256, 'ru')).toBe('ГОСТ Р 34.10-2012, 256 бит');
    expect(readableKey(OID.gost3410_2012_512, 'en')).toBe('GOST R 34.10-2012, 512 bits');
    expect(readableKey('rsaEncryption', 'ru', { bits: 2048 })).toBe('RSA 2048');
    expect(readableKey(OID.ecPublicKey, 'en', { curve: OID.p256 })).toBe('ECDSA P-256');
    for (const oid of SIGNATURE_ALGORITHMS)
      for (const language of LANGUAGES) expectWords(readableSignatureAlgorithm(oid, language), oidName(oid));
    // Something the table does not know keeps its registry name rather than going blank.
    expect(readableSignatureAlgorithm(OID.dsaWithSha256, 'ru')).toBe('dsaWithSha256');
  });

  it('every revocation reason reads as words; aACompromise is the attribute authority', () => {
    for (const reason of [...RevocationReasonSchema.anyOf.map((literal) => literal.const), 'certificateHold'])
      for (const language of LANGUAGES) {
        expect(REVOCATION_REASON_LABELS).toHaveProperty(reason);
        expectWords(readableRevocationReason(reason, language), reason);
      }
    expect(readableRevocationReason('aACompromise', 'ru')).toBe('Компрометация атрибутного центра');
  });

  it('SNILS reads 123-456-789 01 whichever way it was typed; anything else stays as given', () => {
    expect(formatSnils('11223344595')).toBe('112-233-445 95');
    expect(formatSnils('112-233-445 95')).toBe('112-233-445 95');
    expect(formatSnils('1122334459')).toBe('1122334459');
  });

  it('a certificate list names the holder and the organisation, not the distinguished name', () => {
    expect(
      subjectOwner(
        'OGRN=1027700132195, SNILS=11223344595, STREET=ул. Тверская\\, д. 1, O=ООО «Ромашка», CN=Иванов Иван Иванович, C=RU',
      ),
    ).toBe('Иванов Иван Иванович · ООО «Ромашка»');
    expect(subjectOwner('SNILS=11223344595, SN=Петров, G=Пётр Петрович, C=RU')).toBe('Петров Пётр Петрович');
    expect(subjectOwner('O=ООО «Ромашка», CN=ООО «Ромашка»')).toBe('ООО «Ромашка»');
  });
});
