/**
 * The server's rendering of a signed-in person's first page (the users
 * list, the operators page) with the API answers the page would ask for,
 * so the page is in the HTML the browser gets and is shown as soon as that
 * arrives, about a second before the office's code has arrived and run.
 * Built for Node (vite.server.config.ts) and called by the server's
 * web-office.ts, which asks the API for the answers as the request's own
 * caller.
 *
 * What it renders is a picture: `inert`, so nothing on it can be clicked
 * or typed into and lost. The office, once it runs, renders the page
 * anew with the same answers (handed over in the page) and replaces the
 * picture in the same frame (`useReplaceRenderedPage`). Below Ant Design's
 * `lg` width the layout depends on the window, which the server does not
 * know, so there the picture is not shown and the office renders as before.
 * Times are the reader's wall clock, in the zone the office keeps in a
 * cookie; before it has (a browser's first visit) they are left unseen.
 */
import { createCache, extractStyle, StyleProvider } from '@ant-design/cssinjs';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import dayjs from 'dayjs';
import 'dayjs/locale/ru';
import type { ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { Route, Routes, StaticRouter } from 'react-router';
import { RENDERED_ANSWERS_ID, setRenderedAnswers, WHOAMI_PATH } from '../api/earlyAnswers';
import { firstRequestPaths, landingPath } from '../api/landing';
import type { WhoAmI } from '../api/types';
import { AppLayout } from '../components/AppLayout';
import { RenderedAuthProvider } from '../components/auth';
import { TIME_ZONE_COOKIE } from '../components/readerCookie';
import { knownTimeZone, renderTimesIn } from '../components/readerZone';
import { PENDING_TIME_CLASS } from '../components/ReaderTime';
import { RENDERED_PAGE_ID } from '../components/renderedPage';
import { i18n, LANGUAGE_COOKIE, type Language } from '../i18n';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import officeCss from '../office.css?inline';
import { OperatorsPage } from '../pages/admin/OperatorsPage';
import { UsersPage } from '../pages/operator/UsersPage';
import { officeTheme } from '../theme';

export { WHOAMI_PATH };

/** The pages rendered here: the staff's landing lists, whose first requests the early script names too. */
const PAGES: Readonly<Record<string, ComponentType>> = {
  '/users': UsersPage,
  '/operators': OperatorsPage,
};

/** The paths whose pages are rendered here: those of PAGES, and `/`, which leads to the role's home page. */
export const RENDERED_PATHS = ['/', ...Object.keys(PAGES)];

for (const [language, namespaces] of Object.entries({ ru, en })) {
  for (const [namespace, words] of Object.entries(namespaces)) {
    i18n.addResourceBundle(language, namespace, words, true, true);
  }
}

/**
 * The GET requests (paths with their query) whose answers the page at
 * `url` is rendered with, for the caller /whoami answered about; undefined
 * when this page is not rendered here (nobody signed in, another page, a
 * password to change first).
 */
export function firstPageRequests(url: URL, whoAmI: WhoAmI): string[] | undefined {
  if (!whoAmI.signedIn || whoAmI.me === undefined) return undefined;
  const path = landingPath(whoAmI.me, url.pathname);
  const paths = firstRequestPaths(whoAmI.me, url.pathname, url.searchParams);
  return PAGES[path] === undefined || paths.length === 0 ? undefined : paths;
}

/**
 * Keeps the picture off narrow windows, the office out of sight while the
 * picture is shown, and times rendered in no known zone unseen.
 */
const RENDERED_PAGE_STYLE = `
#${RENDERED_PAGE_ID} + #root { position: absolute; top: 0; left: 0; width: 100%; visibility: hidden; }
#${RENDERED_PAGE_ID} .${PENDING_TIME_CLASS} { visibility: hidden; }
@media (max-width: 991.98px) {
  #${RENDERED_PAGE_ID} { display: none; }
  #${RENDERED_PAGE_ID} + #root { position: static; visibility: visible; }
}`;

/** A cookie's value as the office wrote it (readerCookie.ts); undefined when absent or garbled. */
function readerCookie(cookies: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = cookies[name];
  try {
    return value === undefined ? undefined : decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** JSON that can stand inside a <script> element: no `</script>` or `<!--` can end or change it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * What goes before the office's (empty) root element: the rendered page
 * with its styles, and the answers it was rendered with for the office to
 * take. `answers` holds /whoami's and each of `firstPageRequests`' (200s);
 * `cookies` are the request's, with the reader's language and time zone.
 */
export function renderFirstPage(
  url: URL,
  cookies: Readonly<Record<string, string>>,
  answers: ReadonlyMap<string, unknown>,
): string | undefined {
  const language = readerCookie(cookies, LANGUAGE_COOKIE);
  const timeZone = readerCookie(cookies, TIME_ZONE_COOKIE);
  const whoAmI = answers.get(WHOAMI_PATH) as WhoAmI | undefined;
  const me = whoAmI?.me;
  if (whoAmI === undefined || me === undefined || firstPageRequests(url, whoAmI) === undefined)
    return undefined;
  const path = landingPath(me, url.pathname);
  const Page = PAGES[path];
  if (Page === undefined) return undefined;
  const english = language === ('en' satisfies Language);
  const translations = i18n.cloneInstance({ lng: english ? 'en' : 'ru', initAsync: false });
  dayjs.locale(english ? 'en' : 'ru');
  const styles = createCache();
  setRenderedAnswers(answers);
  // A browser's first visit has told no zone yet: its times are rendered unseen (ReaderTime).
  renderTimesIn(timeZone !== undefined && knownTimeZone(timeZone) ? timeZone : null);
  let markup: string;
  try {
    markup = renderToString(
      <StyleProvider cache={styles}>
        <I18nextProvider i18n={translations}>
          <ConfigProvider locale={english ? enUS : ruRU} theme={officeTheme(false)}>
            <AntApp>
              <RenderedAuthProvider me={me}>
                <StaticRouter location={`${path}${url.search}`}>
                  <Routes>
                    <Route element={<AppLayout />}>
                      <Route path={path} element={<Page />} />
                    </Route>
                  </Routes>
                </StaticRouter>
              </RenderedAuthProvider>
            </AntApp>
          </ConfigProvider>
        </I18nextProvider>
      </StyleProvider>,
    );
  } finally {
    setRenderedAnswers(undefined);
    renderTimesIn(undefined);
  }
  return [
    `<style>${officeCss}${RENDERED_PAGE_STYLE}</style>`,
    extractStyle(styles),
    `<div id="${RENDERED_PAGE_ID}" inert>${markup}</div>`,
    `<script type="application/json" id="${RENDERED_ANSWERS_ID}">${scriptJson(Object.fromEntries(answers))}</script>`,
  ].join('');
}
