import { useTranslation } from 'react-i18next';
import { ToneTag, type Tone } from '../ToneTag';
import type { SelfServiceStatus } from './types';

const TONES: Record<SelfServiceStatus, Tone> = { pending: 'gold', approved: 'green', rejected: 'red' };

/** A certificate request's state as a coloured tag with its name in words, for employees and operators alike. */
export function RequestStatusBadge({ status }: { status: SelfServiceStatus }) {
  const { t } = useTranslation('selfService');
  return (
    <ToneTag tone={TONES[status]} data-testid="certificate-request-status" data-request-status={status}>
      {t(`status.${status}`)}
    </ToneTag>
  );
}
