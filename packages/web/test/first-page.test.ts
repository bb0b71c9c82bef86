import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebFirstPage } from '../../server/src/http/first-page.js';

/** What the build's server part exports (src/server/firstPage.tsx), as the server loads it. */
type FirstPage = WebFirstPage & { WHOAMI_PATH: string };

// Built by the global setup, as `npm run build` builds it for the server.
const firstPage = (await import(new URL('../dist/server/firstPage.mjs', import.meta.url).href)) as FirstPage;

const OPERATOR = {
  signedIn: true,
  me: {
    accountId: '6a1f4c1e-0000-4000-8000-000000000001',
    role: 'operator',
    login: 'operator-1',
    name: 'Оператор Первый',
    method: 'certificate',
    mustChangePassword: false,
    secondFactorEnrolmentRequired: false,
  },
};
const LIST = '/api/v1/users?limit=20&offset=0';
/** A user whose name tries to end the page's script element and start one of its own. */
const HOSTILE = '</script><script>alert(1)</script><!--';
const USERS = {
  items: [
    {
      id: '6a1f4c1e-0000-4000-8000-000000000002',
      login: 'ivanov',
      status: 'active',
      createdAt: '2026-12-07T06:38:12Z',
      lockedUntil: null,
      certificateCount: 0,
      profile: { kind: 'person', surname: HOSTILE, name: 'Пётр', country: 'RU', snils: '11223344595' },
    },
  ],
  total: 1,
};
const READER = { podpis_time_zone: 'Asia%2FVladivostok', podpis_language: 'ru' };

function render(url: string, cookies: Record<string, string> = READER, whoAmI: unknown = OPERATOR) {
  return firstPage.renderFirstPage(
    new URL(url, 'https://office.example'),
    cookies,
    new Map([
      [firstPage.WHOAMI_PATH, whoAmI],
      [LIST, USERS],
    ]),
  );
}

describe("the server's rendering of a signed-in first page", () => {
  it('names the requests of the staff landing pages only, for whoever is signed in', () => {
    const at = (url: string, whoAmI: unknown = OPERATOR) =>
      firstPage.firstPageRequests(new URL(url, 'https://office.example'), whoAmI);
    expect(at('/users')).toEqual([LIST]);
    expect(at('/users?page=2&size=50&status=locked')).toEqual([
      '/api/v1/users?limit=50&offset=50&status=locked',
    ]);
    // The root leads to the role's home page.
    expect(at('/')).toEqual([LIST]);
    expect(at('/renewals')).toBeUndefined();
    expect(at('/users', { signedIn: false })).toBeUndefined();
    expect(at('/users', { ...OPERATOR, me: { ...OPERATOR.me, mustChangePassword: true } })).toBeUndefined();
    expect(firstPage.RENDERED_PATHS).toEqual(expect.arrayContaining(['/', '/users', '/operators']));
  });

  it('renders the list in the reader’s language and zone, and hands its answers over in a form no name can break out of', () => {
    const html = render('/users');
    expect(html).toBeDefined();
    const page = html ?? '';
    expect(page).toContain('id="podpis-rendered-page" inert');
    expect(page).toContain('Пользователи');
    // 06:38 UTC is 16:38 in Vladivostok.
    expect(page).toContain('07.12.2026 16:38');
    // The hostile name is text in the markup and a string in the JSON: no element of its own.
    expect(page.match(/<script/g)).toHaveLength(1);
    const json = /<script type="application\/json" id="podpis-rendered-answers">(.*?)<\/script>/s.exec(
      page,
    )?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual({ [firstPage.WHOAMI_PATH]: OPERATOR, [LIST]: USERS });
    // In English when the reader chose it.
    expect(render('/users', { ...READER, podpis_language: 'en' })).toContain('Users');
  });

  it("renders a browser's first visit (no zone it knows) with its times unseen, and other pages not at all", () => {
    for (const cookies of [
      { podpis_language: 'ru' },
      { podpis_time_zone: 'Mars%2FOlympus' },
      { podpis_time_zone: '%E0%A4%A' },
    ]) {
      const page = render('/users', cookies) ?? '';
      expect(page, JSON.stringify(cookies)).toContain('Пользователи');
      // The time takes its place, in a span the page's own style hides until the office shows it.
      expect(page).toMatch(/<span class="podpis-time-pending">\d\d\.\d\d\.2026 \d\d:\d\d<\/span>/);
      expect(page).toContain('#podpis-rendered-page .podpis-time-pending { visibility: hidden; }');
    }
    expect(render('/users')).not.toContain('<span class="podpis-time-pending">');
    expect(render('/renewals')).toBeUndefined();
  });
});

describe('what the build lists for the server to preload (first-pages.json)', () => {
  it('names only files the build wrote: no script of a chunk of styles alone, which Vite drops', () => {
    const dist = new URL('../dist/', import.meta.url);
    const list = JSON.parse(readFileSync(new URL('first-pages.json', dist), 'utf8')) as {
      signedIn: string[];
      pages: Record<string, string[]>;
    };
    const files = [...list.signedIn, ...Object.values(list.pages).flat()];
    expect(files.some((file) => file.endsWith('.css'))).toBe(true);
    for (const file of files) expect(existsSync(new URL(`.${file}`, dist)), file).toBe(true);
  });
});
