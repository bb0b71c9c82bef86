import { useLayoutEffect } from 'react';

/** The element holding the page the server rendered before the office's code ran (server/firstPage.tsx). */
export const RENDERED_PAGE_ID = 'podpis-rendered-page';

/**
 * Removes the server's picture of the page once the office has rendered a
 * screen of its own (the layout of a signed-in page, the sign-in page):
 * in a layout effect, so the browser paints the office in the same frame
 * and never shows neither or both.
 */
export function useReplaceRenderedPage(): void {
  useLayoutEffect(removeRenderedPage, []);
}

/** Removes the server's picture of the page, if it is still there. */
export function removeRenderedPage(): void {
  document.getElementById(RENDERED_PAGE_ID)?.remove();
}
