/**
 * The API answers asked for before a page needs them — by the early script
 * (src/early.ts) before the office's code arrived, or by App.tsx right after
 * a sign-in — and how pages take them. Imports nothing at
 * run time, so the early script carries it without the office's code.
 *
 * An answer is taken once, only while fresh, and only if it is a 200: the
 * office asks again for anything else (a 401 from a session that ended
 * meanwhile, a network failure), as it would have without the script. A
 * browser's own `<link rel=preload>` of the same requests would hand a
 * stale 401 to the page's later request after a sign-in; these do not.
 */

/** What came back: the status and the JSON body (undefined when the body was not JSON). */
export interface EarlyAnswer {
  status: number;
  body: unknown;
}

interface EarlyRequest {
  /** When it was started, ms since the epoch. */
  at: number;
  answer: Promise<EarlyAnswer | undefined>;
  /** The answer once it is there; undefined before, and when the request failed. */
  settled?: EarlyAnswer;
}

declare global {
  /**
   * The early requests by path (with the query), while the office has not
   * taken them: the page's (`window`'s), or, on the server, those of the
   * page it renders.
   */
  var podpisEarly: Map<string, EarlyRequest> | undefined;
}

/** How long an answer asked for early (by the early script or by App.tsx) stays good for the page that takes it, ms. */
const EARLY_FRESH_MS = 10_000;

export const WHOAMI_PATH = '/api/v1/whoami';

/** The element in which the server hands over the answers it rendered a first page with (server/firstPage.tsx). */
export const RENDERED_ANSWERS_ID = 'podpis-rendered-answers';

/** Requests already answered with these 200s' bodies, by path. */
function answered(bodies: Iterable<readonly [string, unknown]>): Map<string, EarlyRequest> {
  return new Map(
    [...bodies].map(([path, body]) => {
      const settled = { status: 200, body };
      return [path, { at: Date.now(), answer: Promise.resolve(settled), settled }];
    }),
  );
}

/**
 * Moves the answers the server rendered the page with (server/firstPage.tsx)
 * into `requests`, once: the element goes with them. The early script may
 * run before the parser has reached it; then the office moves them.
 */
function takeRenderedAnswers(requests: Map<string, EarlyRequest>): void {
  const element = typeof document === 'undefined' ? null : document.getElementById(RENDERED_ANSWERS_ID);
  if (element === null) return;
  element.remove();
  // Written by the server from the API's own answers: path → JSON body, each a 200.
  const bodies = JSON.parse(element.textContent || '{}') as Record<string, unknown>;
  for (const [path, request] of answered(Object.entries(bodies))) requests.set(path, request);
}

function requests(): Map<string, EarlyRequest> {
  globalThis.podpisEarly ??= new Map();
  takeRenderedAnswers(globalThis.podpisEarly);
  return globalThis.podpisEarly;
}

/**
 * Answers for the server's rendering of a page: what peekEarly gives its
 * components, in place of the browser's requests.
 */
export function setRenderedAnswers(bodies: ReadonlyMap<string, unknown> | undefined): void {
  globalThis.podpisEarly = bodies && answered(bodies);
}

/** The fresh request for `path`, if one was started and nobody took it. */
function fresh(path: string): EarlyRequest | undefined {
  const request = requests().get(path);
  if (request === undefined || Date.now() - request.at > EARLY_FRESH_MS) return undefined;
  return request;
}

/** Starts a GET of `path` (unless a fresh one is under way) and answers what comes back. */
export function startEarly(path: string): Promise<EarlyAnswer | undefined> {
  const started = fresh(path);
  if (started) return started.answer;
  const request: EarlyRequest = {
    at: Date.now(),
    answer: fetch(path, { credentials: 'same-origin' }).then(
      async (response) => {
        const body: unknown = await response.json().catch(() => undefined);
        const answer = { status: response.status, body };
        request.settled = answer;
        return answer;
      },
      () => undefined,
    ),
  };
  requests().set(path, request);
  return request.answer;
}

/**
 * Takes the early answer for `path`: a promise of its body when it is (or
 * turns out) a 200, of undefined otherwise; undefined when there is none.
 */
export function takeEarly<T>(path: string): Promise<T | undefined> | undefined {
  const request = fresh(path);
  if (request === undefined) return undefined;
  requests().delete(path);
  // The body is the JSON of the same endpoint the typed client would have asked.
  return request.answer.then((answer) => (answer?.status === 200 ? (answer.body as T) : undefined));
}

/**
 * Takes the early answer for `path` if it is already there and a 200, so
 * a page can show it in its first render; else leaves it to `takeEarly`.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the endpoint's answer type
export function peekEarly<T>(path: string): T | undefined {
  const settled = fresh(path)?.settled;
  if (settled?.status !== 200) return undefined;
  requests().delete(path);
  // As in takeEarly.
  return settled.body as T;
}
