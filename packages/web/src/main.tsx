import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { App } from './App';
import { AuthProvider } from './components/auth';
import { rememberTimeZone } from './components/readerCookie';
import { removeRenderedPage } from './components/renderedPage';
import { i18nReady } from './i18n';
import { officeTheme } from './theme';
// Ant Design's prebuilt styles for the sign-in page (build/antd-styles.ts); the rest come with the first page behind it.
import 'virtual:antd-sign-in.css';
import officeCss from './office.css?inline';

// The office's few rules of its own come with the script, not as a stylesheet link: that was one
// more request on a first visit, which Chromium lost (ERR_TOO_MANY_RETRIES) while the server was
// asking for a client certificate. The CSP allows inline styles (Ant Design's CSS-in-JS needs them).
const officeStyle = document.createElement('style');
officeStyle.textContent = officeCss;
document.head.append(officeStyle);

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
/** How long the server's picture of the page may stay at most, ms. */
const RENDERED_PAGE_MAX_MS = 15_000;

/**
 * Whether the person asked their system for less motion (WCAG 2.3.3):
 * then Ant Design's zooms, slides and fades are off, and a dialog or menu
 * is there at once.
 */
function usePrefersReducedMotion(): boolean {
  const [reduced, setReduced] = useState(() => window.matchMedia(REDUCED_MOTION).matches);
  useEffect(() => {
    const query = window.matchMedia(REDUCED_MOTION);
    const changed = () => {
      setReduced(query.matches);
    };
    query.addEventListener('change', changed);
    return () => {
      query.removeEventListener('change', changed);
    };
  }, []);
  return reduced;
}

/**
 * Ant Design's own words (pagination, empty tables, date pickers): Russian
 * is in the entry; English is fetched when first chosen, so the sign-in
 * page does not carry it.
 */
function useAntdLocale(english: boolean): Locale {
  const [enUS, setEnUS] = useState<Locale>();
  useEffect(() => {
    if (english && enUS === undefined) {
      void import('antd/locale/en_US').then((module) => {
        setEnUS(module.default);
      });
    }
  }, [english, enUS]);
  return english && enUS !== undefined ? enUS : ruRU;
}

function Localised() {
  const { i18n } = useTranslation();
  const reducedMotion = usePrefersReducedMotion();
  const english = i18n.language === 'en';
  const locale = useAntdLocale(english);
  dayjs.locale(english ? 'en' : 'ru');
  return (
    <ConfigProvider locale={locale} theme={officeTheme(reducedMotion)}>
      <AntApp>
        <AuthProvider>
          <App />
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

// For the server, which renders a signed-in first page in the reader's zone (server/firstPage.tsx).
rememberTimeZone();

const root = document.getElementById('root');
// In Russian the words are in this script and this waits for nothing; in English it waits for their chunk.
void i18nReady.finally(() => {
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <Localised />
      </StrictMode>,
    );
    // The layout or the sign-in page replaces the server's picture of the page; should the office
    // show neither (a page that failed to load), the picture must not hide what it shows instead.
    setTimeout(removeRenderedPage, RENDERED_PAGE_MAX_MS);
  }
});
