import { Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ToneTag } from '../ToneTag';
import { formatDate } from '../CertificateDetailsView';

/** Warn a month ahead: renewal needs an operator's approval, which takes time. */
const WARN_DAYS = 30;

/** A certificate's validity; a valid one ending within a month says so, so the holder asks for renewal in time. */
export function Validity({
  notBefore,
  notAfter,
  valid,
}: {
  notBefore: string;
  notAfter: string;
  valid: boolean;
}) {
  const { t } = useTranslation('cabinet');
  const daysLeft = dayjs(notAfter).diff(dayjs(), 'day');
  return (
    <Space size="small" wrap>
      <span>
        {formatDate(notBefore)} — {formatDate(notAfter)}
      </span>
      {valid && daysLeft < WARN_DAYS && (
        <ToneTag tone="orange" data-testid="expires-soon">
          {t('expiresIn', { days: Math.max(daysLeft, 0) })}
        </ToneTag>
      )}
    </Space>
  );
}
