import { useTranslation } from 'react-i18next';
import { ToneTag, type Tone } from './ToneTag';

type Status = 'valid' | 'suspended' | 'revoked' | 'expired' | 'active' | 'locked' | 'disabled';

const TONES: Record<Status, Tone> = {
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
    <ToneTag tone={TONES[status]} data-status={status}>
      {t(`status.${status}`)}
    </ToneTag>
  );
}
