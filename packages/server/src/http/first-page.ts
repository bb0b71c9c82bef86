import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startWorkerThread } from '../core/worker-thread.js';
import { cookies, SESSION_COOKIE } from './auth-plugin.js';
import { asSubrequestOf, type ClientCertificateReader } from './client-certificate-reader.js';

/**
 * What the web build's server part exports (packages/web's
 * src/server/firstPage.tsx, built into dist/server/firstPage.mjs).
 */
export interface WebFirstPage {
  /** The paths whose pages it renders. */
  RENDERED_PATHS: readonly string[];
  /** The GET requests the page at `url` is rendered with, for this /whoami answer; undefined when it is not rendered. */
  firstPageRequests(url: URL, whoAmI: unknown): string[] | undefined;
  /** The HTML to put before the office's root element; undefined when the page is not rendered. */
  renderFirstPage(
    url: URL,
    cookies: Readonly<Record<string, string>>,
    answers: ReadonlyMap<string, unknown>,
  ): string | undefined;
}

/** Messages to the rendering thread (first-page-worker.ts), each answered with its id. */
export type FirstPageRequest = { id: number } & (
  | { kind: 'load'; file: string }
  | { kind: 'requests'; url: string; whoAmI: unknown }
  | { kind: 'render'; url: string; cookies: Record<string, string>; answers: [string, unknown][] }
);

export interface FirstPageAnswer {
  id: number;
  paths?: readonly string[] | undefined;
  html?: string | undefined;
  error?: string;
}

const WHOAMI_PATH = '/api/v1/whoami';
/**
 * How long a page waits for the thread, ms: a busy machine gets the page
 * without the rendering rather than later.
 */
const RENDER_WAIT_MS = 1500;

/**
 * A thread rendering the office's first pages, started on the first
 * request for the office: the web build's server part takes the thread
 * most of a second to load, and until it has, pages go without.
 */
class FirstPageThread {
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #waiting = new Map<number, (answer: FirstPageAnswer) => void>();
  /** The paths it renders, once loaded. */
  paths: ReadonlySet<string> | undefined;

  constructor(private readonly file: string) {}

  /** Starts the thread and loads the renderer, once; a thread that dies is started again next time. */
  start(): void {
    if (this.#worker) return;
    const worker = startWorkerThread(import.meta.url, 'first-page-worker');
    this.#worker = worker;
    worker.on('message', (answer: FirstPageAnswer) => {
      this.#waiting.get(answer.id)?.(answer);
    });
    const gone = () => {
      this.#worker = undefined;
      this.paths = undefined;
      for (const settle of this.#waiting.values()) settle({ id: -1, error: 'the rendering thread stopped' });
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    // The thread never keeps the process alive.
    worker.unref();
    // Loading takes as long as it takes (seconds on a busy machine); pages go without until then.
    void this.ask({ kind: 'load', file: pathToFileURL(this.file).href }, Infinity).then((answer) => {
      if (this.#worker === worker && answer.paths) this.paths = new Set(answer.paths);
    });
  }

  /** The thread's answer, or an error one when it has stopped or not answered within `waitMs`. */
  async ask(
    request: DistributiveOmit<FirstPageRequest, 'id'>,
    waitMs = RENDER_WAIT_MS,
  ): Promise<FirstPageAnswer> {
    const worker = this.#worker;
    if (!worker) return { id: -1, error: 'no rendering thread' };
    const id = ++this.#nextId;
    return new Promise((resolve) => {
      const timer =
        waitMs === Infinity
          ? undefined
          : setTimeout(() => {
              settle({ id, error: 'the rendering thread is busy' });
            }, waitMs);
      const settle = (answer: FirstPageAnswer) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        resolve(answer);
      };
      this.#waiting.set(id, settle);
      worker.postMessage({ ...request, id });
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The process's rendering threads, one per web build (tests start many servers over the same build). */
const threads = new Map<string, FirstPageThread>();

/** The rendering thread for the web build in `webDir`; undefined when the build has no server part. */
export function firstPageThread(webDir: string): FirstPageThread | undefined {
  const file = join(webDir, 'server', 'firstPage.mjs');
  if (!existsSync(file)) return undefined;
  let thread = threads.get(file);
  if (!thread) {
    thread = new FirstPageThread(file);
    threads.set(file, thread);
  }
  return thread;
}

export type { FirstPageThread };

/**
 * The request's cookies but the session's: the office keeps the reader's
 * language and time zone in cookies of its own, which the rendering reads.
 */
function readerCookies(request: FastifyRequest): Record<string, string> {
  return Object.fromEntries([...cookies(request)].filter(([name]) => name !== SESSION_COOKIE));
}

/**
 * The HTML of the signed-in first page at the request's address, rendered
 * with the API's answers to the request's own caller (its session cookie,
 * its client certificate), to go before the office's root element;
 * undefined when that page is not rendered (nobody signed in, another
 * page, a refused request, the thread not ready or too busy).
 */
export async function renderedFirstPage(
  app: FastifyInstance,
  request: FastifyRequest,
  thread: FirstPageThread,
  readClientCertificate: ClientCertificateReader,
): Promise<string | undefined> {
  thread.start();
  const url = new URL(request.url, 'https://office.invalid');
  if (!thread.paths?.has(url.pathname)) return undefined;
  return asSubrequestOf(readClientCertificate(request), async (headers) => {
    const get = async (path: string): Promise<unknown> => {
      const answer = await app.inject({
        method: 'GET',
        url: path,
        headers: { ...headers, accept: 'application/json', cookie: request.headers.cookie ?? '' },
      });
      return answer.statusCode === 200 ? answer.json() : undefined;
    };
    const whoAmI = await get(WHOAMI_PATH);
    if (whoAmI === undefined) return undefined;
    const { paths } = await thread.ask({ kind: 'requests', url: url.href, whoAmI });
    if (paths === undefined) return undefined;
    const bodies = await Promise.all(paths.map(get));
    if (bodies.includes(undefined)) return undefined;
    const answers = [[WHOAMI_PATH, whoAmI], ...paths.map((path, index) => [path, bodies[index]])] as [
      string,
      unknown,
    ][];
    const { html, error } = await thread.ask({
      kind: 'render',
      url: url.href,
      cookies: readerCookies(request),
      answers,
    });
    if (error !== undefined) request.log.warn({ error }, 'the first page was not rendered');
    return html;
  });
}
