import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiProblem, toProblem } from './problem';

const CSRF_KEY = 'podpis.csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The CSRF token of the user's session: from the login answer, or, in a tab
 * opened later, from GET /whoami (which every page asks first); kept for the
 * tab's life.
 */
export const csrf = {
  get: (): string | null => sessionStorage.getItem(CSRF_KEY),
  set: (token: string): void => {
    sessionStorage.setItem(CSRF_KEY, token);
  },
  clear: (): void => {
    sessionStorage.removeItem(CSRF_KEY);
  },
};

/** Fired when the API says the caller is no longer signed in (expired session, revoked certificate). */
export const sessionEvents = new EventTarget();
export const SESSION_ENDED = 'session-ended';

const SIGNED_OUT_CODES = new Set(['SESSION_EXPIRED', 'AUTHENTICATION_REQUIRED', 'INVALID_TOKEN']);

const authMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    // The server refuses a bodiless state-changing request without a header a cross-site form cannot set:
    // operators' client certificates, unlike the session, have no CSRF token to send.
    request.headers.set('x-requested-with', 'podpis');
    const token = csrf.get();
    if (token !== null) request.headers.set('x-csrf-token', token);
    return request;
  },
  async onResponse({ response, request }) {
    // The sign-in's own 401s (wrong password, wrong code) are answers to show, not an ended session.
    if (response.status === 401 && !/\/api\/v1\/session(\/second-factor)?$/.test(request.url)) {
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => null);
      const problem = toProblem(401, body);
      if (SIGNED_OUT_CODES.has(problem.code)) {
        sessionEvents.dispatchEvent(new CustomEvent(SESSION_ENDED, { detail: problem.code }));
      }
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(authMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's body, or an ApiProblem for an error answer; network failures become NETWORK_ERROR. */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch {
    throw new ApiProblem(0, 'NETWORK_ERROR', 'the server did not answer');
  }
  if (!result.response.ok) throw toProblem(result.response.status, result.error);
  return result.data as T;
}
