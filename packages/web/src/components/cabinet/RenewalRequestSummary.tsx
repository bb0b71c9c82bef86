import { Alert, Descriptions } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, groupedHex } from '../CertificateDetailsView';
import { RenewalStatusBadge } from './RenewalStatusBadge';
import type { RenewalRequest } from './types';

const ALERT_TYPES = { pending: 'info', approved: 'success', rejected: 'warning' } as const;

/** What became of the holder's latest renewal request for this certificate, with the operator's answer. */
export function RenewalRequestSummary({ request }: { request: RenewalRequest }) {
  const { t } = useTranslation('renewals');
  return (
    <Alert
      type={ALERT_TYPES[request.status]}
      showIcon
      data-testid="renewal-request-summary"
      title={t(`holder.${request.status}`)}
      style={{ marginBottom: 16 }}
      description={
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('columns.status')}>
            <RenewalStatusBadge status={request.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('columns.createdAt')}>
            {formatDate(request.createdAt)}
          </Descriptions.Item>
          {request.comment && (
            <Descriptions.Item label={t('columns.comment')}>{request.comment}</Descriptions.Item>
          )}
          {request.decidedAt && (
            <Descriptions.Item label={t('columns.decidedAt')}>
              {formatDate(request.decidedAt)}
            </Descriptions.Item>
          )}
          {request.decidedByName && (
            <Descriptions.Item label={t('columns.decidedBy')}>{request.decidedByName}</Descriptions.Item>
          )}
          {request.status === 'rejected' && request.decisionComment && (
            <Descriptions.Item label={t('columns.reason')}>{request.decisionComment}</Descriptions.Item>
          )}
          {request.newSerial && (
            <Descriptions.Item label={t('columns.newCertificate')}>
              <Link to={`/my/certificates/${request.newSerial}`} data-testid="renewed-certificate-link">
                {groupedHex(request.newSerial)}
              </Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      }
    />
  );
}
