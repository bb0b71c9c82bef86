import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildEdoApp, Store, type EdoConfig, type Podpis } from '@podpis/example-edo';

const PUBLIC_URL = 'http://localhost:3100';
const config: EdoConfig = {
  host: 'localhost',
  port: 3100,
  publicUrl: PUBLIC_URL,
  dataDir: '/nonexistent',
  podpisUrl: 'https://podpis.invalid',
  podpisCa: undefined,
  client: { clientId: 'pdpc_test', clientSecret: 'secret-never-logged' },
  maxUploadBytes: 1024 * 1024,
};

/**
 * Podpis's sign-in stands in here (the end-to-end test has the real one):
 * the EDO's own checks of what a browser sends it — the sign-in's cookie,
 * the form token and origin, the upload's size and name — with nothing
 * stored or logged that should not be.
 */
const podpis = {
  startLogin: async () => ({
    url: 'https://podpis.invalid/oauth2/auth?state=s',
    pending: { state: 's', nonce: 'n', verifier: 'v', startedAt: Date.now() },
  }),
  finishLogin: async () => ({
    account: 'account-1',
    name: 'ivanov',
    accessToken: 'access-token-never-logged',
    expiresAt: Date.now() + 600_000,
  }),
} as unknown as Podpis;

/** A multipart body as a browser's form sends it. */
async function multipart(fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request('http://x/', { method: 'POST', body: form });
  return {
    headers: { 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  };
}

describe('the EDO refuses what its own pages did not send', () => {
  let store: Store;
  let app: FastifyInstance;
  const logs: string[] = [];

  // One store (PGlite takes seconds to start); each test its own app, so its own sessions and log.
  beforeAll(async () => {
    store = await Store.open(undefined);
  });
  afterAll(async () => {
    await store.close();
  });
  beforeEach(() => {
    logs.length = 0;
    app = buildEdoApp(
      config,
      { store, podpis },
      { level: 'info', stream: { write: (line) => logs.push(line) } },
    );
  });
  afterEach(async () => {
    await app.close();
  });

  /** Signs in through the stand-in: the session's cookie and the form token of its pages. */
  async function signedIn(): Promise<{ cookie: string; csrf: string }> {
    const login = await app.inject({ url: '/login' });
    expect(login.statusCode).toBe(303);
    const loginCookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect(String(login.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);
    const back = await app.inject({
      url: '/oauth/callback?code=the-code&state=s',
      headers: { cookie: loginCookie },
    });
    expect(back.statusCode).toBe(303);
    const cookie = [back.headers['set-cookie']]
      .flat()
      .map(String)
      .find((line) => line.startsWith('edo_session='))!
      .split(';')[0]!;
    const home = await app.inject({ url: '/', headers: { cookie } });
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(home.body)![1]! };
  }

  it('a callback without the sign-in this browser started is refused; the same callback cannot be used twice', async () => {
    const stray = await app.inject({ url: '/oauth/callback?code=c&state=s' });
    expect(stray.statusCode).toBe(303);
    expect(stray.headers.location).toBe('/?reason=stale');
    expect(String(stray.headers['set-cookie'])).not.toContain('edo_session=');

    const login = await app.inject({ url: '/login' });
    const loginCookie = String(login.headers['set-cookie']).split(';')[0]!;
    await app.inject({ url: '/oauth/callback?code=c&state=s', headers: { cookie: loginCookie } });
    const replayed = await app.inject({
      url: '/oauth/callback?code=c&state=s',
      headers: { cookie: loginCookie },
    });
    expect(replayed.headers.location).toBe('/?reason=stale');
    const page = await app.inject({ url: '/?reason=stale' });
    expect(page.body).toContain('Вход устарел');
  });

  it('an upload without the form token, or from another origin, stores nothing', async () => {
    const { cookie, csrf } = await signedIn();
    const before = (await store.documents()).length;
    const file = new File(['%PDF-1.4 test'], 'contract.pdf', { type: 'application/pdf' });
    const forged = await multipart({ file, csrf: 'x'.repeat(csrf.length) });
    const refused = await app.inject({
      method: 'POST',
      url: '/documents',
      headers: { ...forged.headers, cookie, origin: PUBLIC_URL },
      payload: forged.payload,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Запрос отклонён');
    const elsewhere = await multipart({ file, csrf });
    const crossSite = await app.inject({
      method: 'POST',
      url: '/documents',
      headers: { ...elsewhere.headers, cookie, origin: 'https://evil.example' },
      payload: elsewhere.payload,
    });
    expect(crossSite.statusCode).toBe(403);
    expect(await store.documents()).toHaveLength(before);
  });

  it('too large a file is a 413 naming the limit; a name with path or control characters is stored harmless', async () => {
    const { cookie, csrf } = await signedIn();
    const large = await multipart({ file: new File([new Uint8Array(1200 * 1024)], 'big.bin'), csrf });
    const tooLarge = await app.inject({
      method: 'POST',
      url: '/documents',
      headers: { ...large.headers, cookie, origin: PUBLIC_URL },
      payload: large.payload,
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain('Файл больше 1 МБ');

    const odd = await multipart({
      file: new File(['hello'], '../etc/x\r\nSet-Cookie: a=b.txt', { type: 'text/html\r\nX: y' }),
      csrf,
    });
    const stored = await app.inject({
      method: 'POST',
      url: '/documents',
      headers: { ...odd.headers, cookie, origin: PUBLIC_URL },
      payload: odd.payload,
    });
    expect(stored.statusCode, stored.body).toBe(303);
    const document = (await store.documents()).find((d) => d.size === 5);
    expect(document!.name).not.toMatch(/[/\r\n]/);
    expect(document!.media_type).toBe('application/octet-stream');
    const download = await app.inject({ url: `/documents/${document!.id}/original`, headers: { cookie } });
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''/,
    );
    expect(download.headers['set-cookie']).toBeUndefined();
    expect(download.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('unknown documents are 404; signed out, every page leads to the sign-in; no secret reaches the log', async () => {
    const { cookie } = await signedIn();
    expect((await app.inject({ url: '/documents/not-a-uuid', headers: { cookie } })).statusCode).toBe(404);
    const signedOut = await app.inject({ url: '/documents/00000000-0000-0000-0000-000000000000' });
    expect(signedOut.statusCode).toBe(303);
    const ended = await app.inject({ url: '/', headers: { cookie: 'edo_session=gone' } });
    expect(ended.body).toContain('Сеанс Podpis истёк');
    const log = logs.join('');
    expect(log).toContain('employee signed in');
    for (const secret of [
      'the-code',
      'access-token-never-logged',
      'secret-never-logged',
      cookie.split('=')[1]!,
    ])
      expect(log).not.toContain(secret);
  });
});
