import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Digest algorithms by OID, as the server reports a document's digest. */
const DIGESTS: Record<string, 'streebog256' | 'streebog512' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.2.643.7.1.1.2.2': 'streebog256',
  '1.2.643.7.1.1.2.3': 'streebog512',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** A digest algorithm's name for people; an OID nobody named stays as it is (with its OID on hover). */
export function DigestAlgorithmName({ oid }: { oid: string }) {
  const { t } = useTranslation('crypto');
  const known = DIGESTS[oid];
  return <span title={oid}>{known ? t(`operation.digests.${known}`) : oid}</span>;
}

/** How an operation was confirmed, in words: the stored method names are codes. */
export function ConfirmationMethodName({ method }: { method: string }) {
  const { t } = useTranslation('crypto');
  const known = ['pin', 'device', 'device+pin', 'none'].includes(method);
  return <>{known ? t(`operation.methods.${method as 'pin'}`) : method}</>;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * A signing operation's format parameters as «name: value» lines in the
 * reader's language, with the values the signing form offers named as it
 * names them; a parameter this office does not know is shown as it came.
 */
export function OperationParameters({ parameters }: { parameters: Record<string, unknown> }) {
  const { t } = useTranslation(['crypto', 'signing']);
  const value = (name: string, raw: unknown): string => {
    if (typeof raw === 'boolean') return t(`crypto:operation.values.${yesNo(raw)}`);
    if (name === 'level' && typeof raw === 'string')
      return t(`signing:sign.levels.${raw}` as 'signing:sign.levels.BES', { defaultValue: raw });
    if (name === 'mode' && typeof raw === 'string')
      return t(`crypto:operation.modes.${raw}` as 'crypto:operation.modes.sign', { defaultValue: raw });
    if (name === 'stamp' && typeof raw === 'object' && raw !== null) {
      const page = (raw as { page?: unknown }).page;
      return typeof page === 'number'
        ? t('crypto:operation.values.stampOnPage', {
            page: page < 0 ? t('crypto:operation.values.lastPage') : page + 1,
          })
        : t('crypto:operation.values.yes');
    }
    if (name === 'signerIndex' && typeof raw === 'number') return String(raw + 1);
    return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
  };
  const entries = Object.entries(parameters);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <dl className="field-list" data-testid="operation-parameters">
      {entries.map(([name, raw]) => (
        <div key={name}>
          <dt>
            {t(`crypto:operation.parameterNames.${name}` as 'crypto:operation.parameterNames.level', {
              defaultValue: name,
            })}
          </dt>
          <dd>{value(name, raw)}</dd>
        </div>
      ))}
    </dl>
  );
}
