import { Alert } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { useLoad } from '../useLoad';

/** How long an issued certificate is announced on the cabinet's first page. */
const ISSUED_NEWS_MS = 7 * 24 * 3600 * 1000;

const SPACED = { marginBottom: 16 };

/**
 * The employee's newest certificate request on the cabinet's first page:
 * waiting, rejected (with the reason), or issued lately (with the
 * certificate) — so the decision reaches them without looking for it.
 */
export function RequestNotice() {
  const { t } = useTranslation('selfService');
  const requests = useLoad(() => call(api.GET('/api/v1/me/certificate-requests')), []);
  const newest = requests.data?.[0];
  if (!newest) return null;
  const more = <Link to="/my/certificate-request">{t('notice.open')}</Link>;
  switch (newest.status) {
    case 'pending':
      return (
        <Alert
          type="info"
          showIcon
          title={t('mine.pending')}
          action={more}
          data-testid="request-notice"
          style={SPACED}
        />
      );
    case 'rejected':
      return (
        <Alert
          type="warning"
          showIcon
          title={t('mine.rejected')}
          description={`${t('mine.reason')}: ${newest.decisionComment ?? ''}`}
          action={more}
          data-testid="request-notice"
          style={SPACED}
        />
      );
    case 'approved':
      if (newest.decidedAt === null || Date.now() - Date.parse(newest.decidedAt) > ISSUED_NEWS_MS)
        return null;
      return (
        <Alert
          type="success"
          showIcon
          title={t('notice.issued')}
          action={
            newest.serial && <Link to={`/my/certificates/${newest.serial}`}>{t('mine.certificate')}</Link>
          }
          data-testid="request-notice"
          style={SPACED}
        />
      );
  }
}
