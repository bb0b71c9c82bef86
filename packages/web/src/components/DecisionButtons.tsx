import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * «Одобрить» and «Отклонить» on a pending request's row (renewals,
 * self-service certificate requests), each named with the requester's
 * login for screen readers. The labels are the namespace's
 * `approve.open` and `reject.open`.
 */
export function DecisionButtons({
  login,
  namespace,
  testIds,
  onApprove,
  onReject,
}: {
  login: string;
  namespace: 'renewals' | 'selfService';
  testIds: { approve: string; reject: string };
  onApprove: () => void;
  onReject: () => void;
}) {
  const { t } = useTranslation(namespace);
  return (
    <Space wrap>
      <Button
        type="primary"
        size="small"
        icon={<CheckOutlined />}
        onClick={onApprove}
        data-testid={testIds.approve}
        aria-label={`${t('approve.open')} (${login})`}
      >
        {t('approve.open')}
      </Button>
      <Button
        danger
        size="small"
        icon={<CloseOutlined />}
        onClick={onReject}
        data-testid={testIds.reject}
        aria-label={`${t('reject.open')} (${login})`}
      >
        {t('reject.open')}
      </Button>
    </Space>
  );
}
