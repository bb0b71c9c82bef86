import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Status = 'valid' | 'suspended' | 'revoked' | 'expired' | 'active' | 'locked' | 'disabled';

/** Preset tag colour and, for WCAG AA contrast on its tinted background, the darkest shade of it for the words. */
const COLOURS: Record<Status, { preset: string; text: string }> = {
  valid: { preset: 'green', text: '#135200' },
  active: { preset: 'green', text: '#135200' },
  suspended: { preset: 'orange', text: '#873800' },
  locked: { preset: 'orange', text: '#873800' },
  revoked: { preset: 'red', text: '#820014' },
  disabled: { preset: 'default', text: '#434343' },
  expired: { preset: 'default', text: '#434343' },
};

/** A certificate's or account's status as a coloured badge with its name in words (colour is never the only cue). */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  const { preset, text } = COLOURS[status];
  return (
    <Tag color={preset} style={{ color: text }} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
