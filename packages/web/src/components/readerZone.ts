import dayjs, { type Dayjs } from 'dayjs';
// With the extension: the tests' TypeScript (Node's resolution) reads this module too.
import utc from 'dayjs/plugin/utc.js';

/*
 * The reader's time zone. The browser shows times in its own; the server,
 * rendering a first page before the office's code has run
 * (server/firstPage.tsx), in the zone the office told it in a cookie
 * (readerCookie.ts), so the rendered page shows the same times the office
 * then does. On a browser's first visit there is no cookie yet: the server
 * renders the times out of sight (`ReaderTime`), and the office shows them.
 */

dayjs.extend(utc);

/**
 * The zone the server renders in now: undefined in the browser, null while
 * the server renders for a reader whose zone it does not know.
 */
let renderingZone: string | null | undefined;

/** The reader's zone, e.g. «Europe/Moscow»: named where times are listed, so nobody takes them for UTC. */
export function localTimeZone(): string {
  return renderingZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Whether the server renders now for a reader whose zone it does not know: its times are not to be shown. */
export function readerZoneUnknown(): boolean {
  return renderingZone === null;
}

/** Whether `zone` is a zone name this runtime knows. */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * On the server: renders times in `zone` until called again (null: a zone
 * it does not know; undefined: as the browser does, in the runtime's own).
 */
export function renderTimesIn(zone: string | null | undefined): void {
  renderingZone = zone;
}

/** Minutes `zone` is ahead of UTC at `instant`. */
function zoneOffsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((each) => each.type === type)?.value);
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round((wallClock - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The moment `iso`, to be formatted as the reader's wall clock shows it:
 * in the browser simply the moment; on the server, that wall clock's time
 * as a UTC moment, formatted in UTC (never in the server's own zone, whose
 * daylight-saving changes would shift some hours).
 */
export function readerTime(iso: string): Dayjs {
  const time = dayjs(iso);
  if (renderingZone === undefined) return time;
  // In an unknown zone the time is rendered out of sight (ReaderTime): any zone will do.
  const offset = renderingZone === null ? 0 : zoneOffsetMinutes(time.toDate(), renderingZone);
  return dayjs.utc(time.valueOf()).add(offset, 'minute');
}
