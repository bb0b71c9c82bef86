import { useTranslation } from 'react-i18next';
import { ToneTag, type Tone } from '../ToneTag';
import type { RenewalStatus } from './types';

const TONES: Record<RenewalStatus, Tone> = { pending: 'gold', approved: 'green', rejected: 'red' };

/** A renewal request's state as a coloured tag with its name in words, for holders and operators alike. */
export function RenewalStatusBadge({ status }: { status: RenewalStatus }) {
  const { t } = useTranslation('renewals');
  return (
    <ToneTag tone={TONES[status]} data-testid="renewal-status" data-renewal-status={status}>
      {t(`status.${status}`)}
    </ToneTag>
  );
}
