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

/** The cookie with the reader's time zone, in which the server renders their first page's times. */
export const TIME_ZONE_COOKIE = 'podpis_time_zone';

/** Writes the browser's zone into the cookie the server reads. */
export function rememberTimeZone(): void {
  rememberForServer(TIME_ZONE_COOKIE, Intl.DateTimeFormat().resolvedOptions().timeZone);
}
