import { afterEach, describe, expect, it } from 'vitest';
import {
  knownTimeZone,
  localTimeZone,
  readerTime,
  readerZoneUnknown,
  renderTimesIn,
} from '../src/components/readerZone.js';

/** As the office's lists (formatDate) and the audit log (formatDateTimeSeconds) format times. */
const formatDate = (iso: string) => readerTime(iso).format('DD.MM.YYYY HH:mm');
const formatDateTimeSeconds = (iso: string) => readerTime(iso).format('DD.MM.YYYY HH:mm:ss');

/** `iso` as the wall clock in `zone` shows it, by Intl alone: the reference. */
function wallClock(iso: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

describe("times rendered by the server in the reader's zone", () => {
  const processZone = process.env.TZ;
  afterEach(() => {
    renderTimesIn(undefined);
    if (processZone === undefined) delete process.env.TZ;
    else process.env.TZ = processZone;
  });

  it('shows each moment as the reader’s wall clock does, across days, daylight saving and odd offsets', () => {
    const moments = [
      '2026-12-07T06:38:12Z',
      // New York's summer and winter time; the night the clocks go back (1:30 happens twice).
      '2026-07-01T03:59:59Z',
      '2026-11-01T05:30:00Z',
      '2026-11-01T06:30:00Z',
      // Just before midnight UTC: the next day in Vladivostok, the previous evening in Honolulu.
      '2026-03-31T23:59:59Z',
    ];
    // The server's own zone, with its own daylight-saving changes, must not matter.
    for (const serverZone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
      process.env.TZ = serverZone;
      for (const zone of [
        'Asia/Vladivostok',
        'America/New_York',
        'Asia/Kathmandu',
        'Pacific/Honolulu',
        'UTC',
      ]) {
        renderTimesIn(zone);
        expect(localTimeZone()).toBe(zone);
        for (const moment of moments) {
          const where = `${moment} in ${zone}, the server in ${serverZone}`;
          expect(formatDateTimeSeconds(moment), where).toBe(wallClock(moment, zone));
          expect(formatDate(moment), where).toBe(wallClock(moment, zone).slice(0, 16));
        }
      }
    }
  });

  it("is the runtime's own zone when the server renders nothing, and unknown while it renders without one", () => {
    renderTimesIn(null);
    expect(readerZoneUnknown()).toBe(true);
    renderTimesIn('Europe/Moscow');
    expect(readerZoneUnknown()).toBe(false);
    renderTimesIn(undefined);
    expect(readerZoneUnknown()).toBe(false);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(localTimeZone()).toBe(zone);
    expect(formatDateTimeSeconds('2026-12-07T06:38:12Z')).toBe(wallClock('2026-12-07T06:38:12Z', zone));
  });

  it('knows zone names and refuses anything else a cookie may carry', () => {
    expect(knownTimeZone('Europe/Moscow')).toBe(true);
    for (const garbage of ['Mars/Olympus', '', '"><script>', 'Europe/Moscow; path=/']) {
      expect(knownTimeZone(garbage), garbage).toBe(false);
    }
  });
});
