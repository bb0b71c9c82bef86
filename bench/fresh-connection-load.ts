/**
 * A load loop for bench/ca.ts that opens a new TCP connection for every
 * request (`Connection: close`, no agent), as an HTTP/1.0 server such as
 * `openssl ocsp -port` requires: it answers one request per connection and
 * closes it. autocannon keeps connections open and stalls against such a
 * server after its first run; here every worker sends its next request only
 * after the previous connection has ended, so nothing waits on a connection
 * the server has given up.
 */
import { request } from 'node:http';

export interface FreshConnectionOptions {
  url: string;
  body: Uint8Array;
  headers: Record<string, string>;
  /** Requests in flight at once, each on its own connection. */
  connections: number;
  seconds: number;
  /** A request not answered within this many milliseconds counts as an error. */
  timeoutMs?: number;
}

export interface FreshConnectionResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Bytes of the last answer's body. */
  bytes: number;
}

function once(url: URL, options: FreshConnectionOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...options.headers, connection: 'close', 'content-length': String(options.body.length) },
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          if (res.statusCode === 200) resolve(bytes);
          else reject(new Error(`status ${String(res.statusCode)}`));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(options.body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `connections` workers for `seconds`; latencies in milliseconds, rounded like autocannon's. */
export async function loadWithFreshConnections(
  options: FreshConnectionOptions,
): Promise<FreshConnectionResult> {
  const url = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        bytes = await once(url, options);
        latencies.push(performance.now() - sent);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    bytes,
  };
}
