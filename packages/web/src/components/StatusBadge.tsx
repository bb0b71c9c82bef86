import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Status = 'valid' | 'suspended' | 'revoked' | 'expired' | 'active' | 'locked' | 'disabled';

const COLOURS: Record<Status, string> = {
  valid: 'green',
  active: 'green',
  suspended: 'orange',
  locked: 'orange',
  revoked: 'red',
  disabled: 'default',
  expired: 'default',
};

/** A certificate's or account's status as a coloured badge with its name in words (colour is never the only cue). */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
