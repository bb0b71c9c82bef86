/** React itself, which both pages (the office and the phone's app) start with. */
const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;
/** The security-key client: the phone's app starts with it, the office loads it on two pages. */
const WEBAUTHN = /[\\/]node_modules[\\/]@simplewebauthn[\\/]/;
/** Libraries only one or two pages use (PDF preview, QR codes, TOTP): they stay with those pages. */
const PAGE_LIBRARIES = /[\\/]node_modules[\\/](pdfjs-dist|jsqr|qrcode|otpauth|@simplewebauthn)[\\/]/;
const LIBRARY = /[\\/]node_modules[\\/]/;
/**
 * A cabinet's dictionary file and its language (`src/i18n/ru/operator.ts`);
 * the sign-in page's own (common, errors) are in the office's entry.
 */
const CABINET_DICTIONARY = /[\\/]src[\\/]i18n[\\/](ru|en)[\\/](?!common\.|errors\.|index\.)\w+\.ts$/;

/** One group of rolldown's `output.codeSplitting.groups`, as far as these use it. */
interface ChunkGroup {
  name: string | ((id: string) => string | null);
  test?: (id: string) => boolean;
  /** `$initial`: what an entry (index.html, mobile.html) imports statically, after tree shaking. */
  tags?: '$initial'[];
  priority: number;
  includeDependenciesRecursively: boolean;
}

/**
 * Fewer, larger chunks: each request costs the server (TLS, HTTP/2, a file
 * read) and the browser a round of work, and on two shared cores the users
 * list's some 80 requests queued for as long as their bytes took. Groups,
 * the higher priority first:
 * - what the entries start with: React (both), the security-key client (the
 *   phone's app), the rest of the libraries the sign-in page uses (the
 *   office); a module's dependencies are not pulled in after it, so each
 *   page loads only its own;
 * - the cabinets' dictionaries, one chunk per language (App.tsx asks for all
 *   of a language's namespaces at once anyway);
 * - every other library but the few single pages use (the rest of Ant
 *   Design, the icons), one chunk that a cabinet's first page needs most of.
 * The pages and the office's own components keep rolldown's own splitting.
 */
export const CHUNK_GROUPS: ChunkGroup[] = [
  {
    name: 'react',
    tags: ['$initial'],
    test: (id) => REACT.test(id),
    priority: 40,
    includeDependenciesRecursively: false,
  },
  {
    name: 'webauthn',
    tags: ['$initial'],
    test: (id) => WEBAUTHN.test(id),
    priority: 40,
    includeDependenciesRecursively: false,
  },
  {
    name: 'sign-in-libraries',
    tags: ['$initial'],
    test: (id) => LIBRARY.test(id),
    priority: 30,
    includeDependenciesRecursively: false,
  },
  {
    name: (id) => {
      const language = CABINET_DICTIONARY.exec(id)?.[1];
      return language === undefined ? null : `words-${language}`;
    },
    priority: 20,
    includeDependenciesRecursively: false,
  },
  {
    name: 'cabinet-libraries',
    test: (id) => LIBRARY.test(id) && !PAGE_LIBRARIES.test(id),
    priority: 10,
    includeDependenciesRecursively: false,
  },
];
