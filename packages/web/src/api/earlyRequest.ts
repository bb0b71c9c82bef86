/** How long an answer asked for early stays good for the page that takes it, ms. */
const FRESH_MS = 10_000;

/**
 * A page's first API request that the office may start before the page's
 * code has arrived (see `usePreloadFirstPage` in App.tsx): the page then
 * takes that answer instead of asking again. Each answer is taken once, and
 * only while fresh, so a reload or a later visit to the page asks anew.
 */
export interface EarlyRequest<Args, T> {
  /** Starts the request for these arguments, unless one is already under way. */
  start: (args: Args) => void;
  /** The answer started early for the same arguments, or a new request. */
  load: (args: Args) => Promise<T>;
}

export function earlyRequest<T, Args = void>(request: (args: Args) => Promise<T>): EarlyRequest<Args, T> {
  const started = new Map<string, { at: number; answer: Promise<T> }>();
  return {
    start: (args) => {
      const key = JSON.stringify(args);
      if (started.has(key)) return;
      const answer = request(args);
      // Nobody may ever take it (the page changed meanwhile): a failure then must not be an unhandled rejection.
      answer.catch(() => undefined);
      started.set(key, { at: Date.now(), answer });
    },
    load: (args) => {
      const key = JSON.stringify(args);
      const early = started.get(key);
      started.delete(key);
      return early !== undefined && Date.now() - early.at < FRESH_MS ? early.answer : request(args);
    },
  };
}
