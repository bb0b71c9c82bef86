import { localTimeZone, TIME_ZONE_COOKIE } from './readerZone';

/**
 * Keeps one of the reader's settings (language, time zone) in a cookie for
 * a year, as long as the browser keeps the office's own storage: the
 * server renders a signed-in person's first page with them
 * (server/firstPage.tsx) before the office's code has run.
 */
export function rememberForServer(name: string, value: string): void {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax${secure}`;
}

/** Writes the browser's zone into the cookie the server reads. */
export function rememberTimeZone(): void {
  rememberForServer(TIME_ZONE_COOKIE, localTimeZone());
}
