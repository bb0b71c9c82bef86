import {
  formatSnils,
  readableAttribute,
  readableExtendedKeyUsage,
  readableKey,
  readableKeyUsage,
  readablePolicy,
  readableRevocationReason,
  readableSignatureAlgorithm,
  type LabelLanguage,
} from '@podpis/pki/labels';
import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AUDIT_ACTION_LABELS } from '../i18n/audit-actions';
import { ATTRIBUTE_NAMES, subjectAttributes } from './cabinet/commonName';
import { readerTime } from './readerZone';

/**
 * The office's one way to show what is technical: certificate fields via
 * `@podpis/pki/labels` (shared with the printable form), audit actions and
 * objects, times in the reader's own zone.
 */
export function useLabelLanguage(): LabelLanguage {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'ru';
}

/** An audit action in words; one the office does not know (an older server's) as recorded. */
export function auditActionLabel(action: string, language: LabelLanguage): string {
  return AUDIT_ACTION_LABELS[action]?.[language] ?? action;
}

/** A profile's key algorithm name (gost256, ecdsa-p256, rsa2048) as the key it certifies reads. */
function keySpecLabel(name: string, language: LabelLanguage): string {
  const gost = /^gost(256|512)$/.exec(name);
  if (gost) return readableKey(`gost3410_2012_${gost[1] ?? ''}`, language);
  const ecdsa = /^ecdsa-p(\d+)$/.exec(name);
  if (ecdsa) return readableKey('ecPublicKey', language, { curve: `p${ecdsa[1] ?? ''}` });
  const rsa = /^rsa(\d+)$/.exec(name);
  if (rsa) return readableKey('rsaEncryption', language, { bits: Number(rsa[1]) });
  return name;
}

/** Certificate fields in the reader's language. */
export function useReadable() {
  const language = useLabelLanguage();
  return {
    key: (algorithm: string, detail?: { bits?: number; curve?: string }) =>
      readableKey(algorithm, language, detail),
    keySpec: (name: string) => keySpecLabel(name, language),
    signatureAlgorithm: (name: string) => readableSignatureAlgorithm(name, language),
    keyUsage: (name: string) => readableKeyUsage(name, language),
    extendedKeyUsage: (name: string) => readableExtendedKeyUsage(name, language),
    policy: (name: string) => readablePolicy(name, language),
    revocationReason: (name: string) => readableRevocationReason(name, language),
    attribute: (name: string) => readableAttribute(name, language),
    auditAction: (action: string) => auditActionLabel(action, language),
  };
}

export { localTimeZone } from './readerZone';

/** A moment in the reader's zone, to the second: the audit log's precision. */
export function formatDateTimeSeconds(iso: string): string {
  return readerTime(iso).format('DD.MM.YYYY HH:mm:ss');
}

export interface AuditTargetAccount {
  id: string;
  name: string;
  role: string;
}

/**
 * Pages of the administrator's office an audit object links to. Users and
 * their certificates have pages only in the operator's office: for them the
 * link is the object's own history in the audit log.
 */
const TARGET_PAGES: Readonly<Record<string, string>> = {
  client_certificate: '/operators',
  ca: '/ca',
  'oauth-client': '/oauth-clients',
  webhook: '/webhooks',
};

/** The audit log narrowed to one object: its whole history. */
export const auditHistoryPath = (target: string): string => `/audit?target=${encodeURIComponent(target)}`;

/**
 * What an audit record is about, readable: an account by its name linked to
 * its page, a certificate by its serial linked to its page, anything else
 * as «kind id» in words, the recorded target in the tooltip.
 */
export function AuditTarget({
  target,
  account,
}: {
  target: string | null;
  account: AuditTargetAccount | null;
}) {
  const { t, i18n } = useTranslation('admin');
  if (target === null) return <>—</>;
  const separator = target.indexOf(':');
  const kind = separator < 0 ? '' : target.slice(0, separator);
  const id = separator < 0 ? target : target.slice(separator + 1);
  if (kind === 'account' && account) {
    const role = t(`roles.${account.role as 'admin' | 'operator' | 'user'}`, { ns: 'common' });
    const page = account.role === 'user' ? auditHistoryPath(target) : '/operators';
    return (
      <Tooltip title={target}>
        <Link to={page}>
          {account.name} · {role}
        </Link>
      </Tooltip>
    );
  }
  // A kind the office does not know (a newer server's) stands as recorded.
  if (!i18n.exists(`admin:audit.targetKind.${kind}`))
    return <Typography.Text style={{ wordBreak: 'break-all' }}>{target}</Typography.Text>;
  const kindName = t(`audit.targetKind.${kind}` as 'audit.targetKind.certificate');
  // A serial is what people compare; long ids (UUIDs) are cut, the whole target is in the tooltip.
  const shortId = kind === 'certificate' ? id.toUpperCase() : id.length > 12 ? `${id.slice(0, 8)}…` : id;
  return (
    <Tooltip title={target}>
      <Link to={TARGET_PAGES[kind] ?? auditHistoryPath(target)}>
        {kindName} {shortId}
      </Link>
    </Tooltip>
  );
}

/**
 * A subject in the API's one-line form as «attribute: value» lines in the
 * reader's language (SNILS formatted), the one-line form in the tooltip.
 */
export function ReadableSubject({ subject }: { subject: string }) {
  const readable = useReadable();
  const attributes = subjectAttributes(subject);
  if (attributes.length === 0) return <span style={{ wordBreak: 'break-word' }}>{subject}</span>;
  return (
    <Tooltip title={subject}>
      <dl className="field-list" data-testid="readable-subject">
        {attributes.map(([type, value], index) => (
          <div key={`${type}-${String(index)}`}>
            <dt>{readable.attribute(ATTRIBUTE_NAMES[type] ?? type)}</dt>
            <dd>{type === 'SNILS' ? formatSnils(value) : value}</dd>
          </div>
        ))}
      </dl>
    </Tooltip>
  );
}
