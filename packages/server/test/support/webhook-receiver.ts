import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface ReceivedWebhook {
  /** The request's path. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Headers as standardwebhooks' `verify` takes them. */
  webhookHeaders: Record<string, string>;
}

/** How the receiver answers the next request: a status, or never (the connection hangs). */
export type Answer = number | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 (node:http): it records every request
 * and answers each with the next queued answer, 200 once the queue is empty.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly #answers: Answer[] = [];
  readonly #hanging = new Set<ServerResponse>();
  #waiters: (() => void)[] = [];

  private constructor(readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const header = (name: string) => String(request.headers[name] ?? '');
        receiver.received.push({
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          webhookHeaders: {
            'webhook-id': header('webhook-id'),
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': header('webhook-signature'),
          },
        });
        for (const wake of receiver.#waiters) wake();
        receiver.#waiters = [];
        const answer = receiver.#answers.shift() ?? 200;
        if (answer === 'hang') {
          receiver.#hanging.add(response);
          return;
        }
        if (answer >= 300 && answer < 400) response.setHeader('location', 'http://127.0.0.1:9/elsewhere');
        response.statusCode = answer;
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next requests get these answers, in order. */
  answer(...answers: Answer[]): void {
    this.#answers.push(...answers);
  }

  /** Whether a request is still waiting for its answer. */
  get hanging(): number {
    return this.#hanging.size;
  }

  /** Resolves once `count` requests have arrived. */
  async waitFor(count: number): Promise<void> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** The bodies received, parsed. */
  events(): { type: string; timestamp: string; data: Record<string, unknown> }[] {
    return this.received.map(
      (r) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, unknown> },
    );
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }
}
