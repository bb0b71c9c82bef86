/**
 * The part of autocannon 8's API (it ships no types) that the benches use:
 * one run against one URL, its responses and its aggregated result.
 */
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: Buffer | string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out; default 10. */
    timeout?: number;
  }

  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
  }

  interface Result {
    requests: Histogram;
    /** Milliseconds. */
    latency: Histogram;
    /** Bytes read, headers included. */
    throughput: Histogram;
    /** Socket errors, timeouts included. */
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }

  /** A run in progress: awaitable for its result, and an emitter of each response (bench/tsp-flood.ts counts them). */
  interface Instance extends Promise<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
    ): void;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
}
