import i18n, { type BackendModule, type ReadCallback, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { rememberForServer } from '../components/readerCookie';
import { common } from './ru/common';
import { errors } from './ru/errors';
import type { ru } from './ru';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
type Namespace = keyof typeof ru;

const STORAGE_KEY = 'podpis.language';
/**
 * The language again as a cookie, for the server: it renders a signed-in
 * person's first page in their language before the office's code has run
 * (server/firstPage.tsx).
 */
export const LANGUAGE_COOKIE = 'podpis_language';

/** The reader's choice; Russian where there is none, and on the server (which renders with a language of its own). */
function storedLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'ru';
}

function rememberLanguage(language: Language): void {
  document.documentElement.lang = language;
  rememberForServer(LANGUAGE_COOKIE, language);
}

/**
 * Every dictionary file but the two below is a chunk of its own, fetched
 * when a page first asks for its namespace (or when the role's pages are
 * about to be shown, see `preloadNamespaces`): the sign-in page, where every
 * cold visit starts, then carries neither English nor the cabinets' words.
 */
const DICTIONARIES = import.meta.glob<Record<string, ResourceKey>>([
  './ru/*.ts',
  './en/*.ts',
  '!./*/index.ts',
  // Bundled below.
  '!./ru/common.ts',
  '!./ru/errors.ts',
]);

/** What the sign-in page and every problem message need, in the default language, at once. */
const BUNDLED = { ru: { common, errors } };

const lazyDictionaries: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = DICTIONARIES[`./${language}/${namespace}.ts`];
    if (!load) {
      callback(new Error(`no dictionary ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (module) => {
        callback(null, module[namespace] ?? null);
      },
      (error: unknown) => {
        callback(error instanceof Error ? error : new Error(String(error)), false);
      },
    );
  },
};

/** Resolves once the chosen language's sign-in words are there: the office renders after it. */
export const i18nReady: Promise<unknown> = i18n
  .use(lazyDictionaries)
  .use(initReactI18next)
  .init({
    resources: BUNDLED,
    partialBundledLanguages: true,
    lng: storedLanguage(),
    fallbackLng: 'ru',
    defaultNS: 'common',
    ns: ['common', 'errors'],
    interpolation: { escapeValue: false },
    returnNull: false,
    // i18next reads 10 at a time by default: the rest of `preloadNamespaces` then waited a round trip more.
    maxParallelReads: Object.keys(DICTIONARIES).length,
  });

/**
 * Starts fetching every namespace of the reader's language once someone has
 * signed in, side by side with their first page's code, so that the page
 * does not wait for its words after its code (about 20 KB in all).
 */
export function preloadNamespaces(): Promise<void> {
  const namespaces = Object.keys(DICTIONARIES)
    .map((path) => /^\.\/ru\/(\w+)\.ts$/.exec(path)?.[1])
    .filter((namespace): namespace is Namespace => namespace !== undefined);
  return i18n.loadNamespaces(namespaces);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  rememberLanguage(language);
  void i18n.changeLanguage(language);
}

if (typeof document !== 'undefined') rememberLanguage(storedLanguage());

export { i18n };
