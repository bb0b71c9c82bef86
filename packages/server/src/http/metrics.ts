import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { httpMetrics, metricsRegistry } from '../core/metrics.js';
import { problem, sendProblem } from './problem.js';

/**
 * Counts every answer by method, route pattern (`/api/v1/users/:id`, never
 * the URL itself, so the label set stays bounded) and status code, and
 * observes its duration.
 */
export function countRequests(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpMetrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    httpMetrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * `/metrics` in Prometheus's text format, for whoever presents the bearer
 * token of PODPIS_METRICS_TOKEN (registered only when one is configured:
 * counts of requests and operations say more about an installation than
 * the public should learn).
 */
export async function metricsRoutes(app: FastifyInstance, options: { token: string }): Promise<void> {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, options.token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendProblem(
        reply,
        problem(request, 401, 'INVALID_TOKEN', 'a valid metrics bearer token is required'),
      );
    }
    return reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
}
