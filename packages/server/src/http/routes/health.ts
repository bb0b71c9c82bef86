import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/db.js';
import { DbError } from '../../db/errors.js';
import { migrationStatus, type Migration } from '../../db/migrate.js';
import { VERSION } from '../../version.js';
import { ApiError } from '../problem.js';

export interface HealthRoutesOptions {
  db: Db;
  migrations: readonly Migration[];
  draining: () => boolean;
}

const startedAt = Date.now();

/** Liveness and readiness probes, for load balancers and orchestrators; no authentication. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (
  app,
  { db, migrations, draining },
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        summary: 'Liveness: the process answers',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            uptimeSeconds: Type.Integer(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      version: VERSION,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            migrations: Type.Integer({ description: 'Number of applied migrations' }),
          }),
          503: Type.Ref('Problem'),
        },
      },
    },
    async (request) => {
      if (draining()) {
        throw new ApiError(503, 'NOT_READY', 'the node is shutting down; in-flight requests still finish');
      }
      let status;
      try {
        status = await migrationStatus(db, migrations);
      } catch (error) {
        // The reason may name hosts or tables; it goes to the log, not to an unauthenticated client.
        request.log.warn({ err: error }, 'readiness check failed');
        const code = error instanceof DbError ? error.code : 'DB_UNREACHABLE';
        throw new ApiError(503, 'NOT_READY', `the database is not usable (${code}); see the server log`);
      }
      if (!status.upToDate) {
        throw new ApiError(503, 'NOT_READY', `${status.pending} database migration(s) not applied yet`);
      }
      return { status: 'ready' as const, database: db.kind, migrations: migrations.length };
    },
  );
};
