import { formatDate } from './CertificateDetailsView';
import { readerZoneUnknown } from './readerZone';

/** The class of a time the server rendered without knowing the reader's zone; its first-page style hides it. */
export const PENDING_TIME_CLASS = 'podpis-time-pending';

/**
 * A moment in a list, to the minute, in the reader's zone. When the server
 * renders a browser's first visit it does not know that zone yet: the time
 * then takes its place unseen, so nothing moves when the office shows it.
 */
export function ReaderTime({ iso }: { iso: string }) {
  const text = formatDate(iso);
  return readerZoneUnknown() ? <span className={PENDING_TIME_CLASS}>{text}</span> : text;
}
