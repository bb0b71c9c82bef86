import { useTranslation } from 'react-i18next';
import { ToneTag, type Tone } from '../ToneTag';
import type { SigningStatus } from './types';

const TONES: Record<SigningStatus, Tone> = {
  completed: 'green',
  awaiting_confirmation: 'blue',
  failed: 'red',
  cancelled: 'default',
  expired: 'orange',
};

/** An operation's status as a coloured badge with its name in words (colour is never the only cue). */
export function OperationStatusBadge({ status }: { status: SigningStatus }) {
  const { t } = useTranslation('crypto');
  return (
    <ToneTag tone={TONES[status]} data-status={status}>
      {t(`history.statuses.${status}`)}
    </ToneTag>
  );
}
