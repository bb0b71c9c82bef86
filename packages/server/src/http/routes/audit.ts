import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { verifyAuditChain } from '../../audit/verify-chain.js';
import type { Db } from '../../db/db.js';
import { actorNameOf, joinActorAccount } from '../../people/actor-names.js';
import { ActorNameSchema, problems } from './users-schemas.js';

export interface AuditRoutesOptions {
  db: Db;
}

const AuditRecordSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'operator:<id>, admin:<id>, user:<id>, system or cli:<user>' }),
  actorName: ActorNameSchema,
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String({ description: 'Streebog-256 of the record, hex' }),
});

interface AuditRow extends Record<string, unknown> {
  seq: string | number;
  at: Date;
  actor: string;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  hash: Uint8Array;
}

/** The audit log for administrators (M9.1): filtered, paged, newest first; and the chain check. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { db }) => {
  const admin = requireRole('admin');
  const tags = ['audit'];

  app.get(
    '/audit',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Audit records, newest first, filtered by actor, action (prefix), target and time',
        querystring: Type.Object({
          actor: Type.Optional(Type.String({ maxLength: 200 })),
          action: Type.Optional(
            Type.String({ maxLength: 100, description: 'e.g. certificate. for every certificate action' }),
          ),
          target: Type.Optional(Type.String({ maxLength: 200 })),
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          // Query strings are text (the API does not coerce types): numbers are checked by pattern.
          limit: Type.Optional(
            Type.String({ pattern: '^([1-9]\\d{0,1}|[1-4]\\d\\d|500)$', description: '1..500, default 50' }),
          ),
          offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$', description: 'default 0' })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AuditRecordSchema), total: Type.Integer() }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const conditions: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown): void => {
        params.push(value);
        conditions.push(sql.replace('?', `$${params.length}`));
      };
      if (q.actor !== undefined) add('l.actor = ?', q.actor);
      if (q.action !== undefined) add("l.action LIKE ? || '%'", q.action.replace(/[%_\\]/g, '\\$&'));
      if (q.target !== undefined) add('l.target = ?', q.target);
      if (q.from !== undefined) add('l.at >= ?', new Date(q.from));
      if (q.to !== undefined) add('l.at < ?', new Date(q.to));
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      const total = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log l ${where}`,
        params,
      );
      const { rows } = await db.query<AuditRow>(
        `SELECT l.seq, l.at, l.actor, ${actorNameOf('actor_account')} AS actor_name, l.action, l.target, l.details,
                l.request_id, l.hash
           FROM audit_log l ${joinActorAccount('l.actor', 'actor_account')} ${where}
         ORDER BY l.seq DESC LIMIT ${Number(q.limit ?? 50)} OFFSET ${Number(q.offset ?? 0)}`,
        params,
      );
      return {
        total: total.rows[0]?.n ?? 0,
        items: rows.map((row) => ({
          seq: Number(row.seq),
          at: row.at.toISOString(),
          actor: row.actor,
          actorName: row.actor_name,
          action: row.action,
          target: row.target,
          details: row.details,
          requestId: row.request_id,
          hash: Buffer.from(row.hash).toString('hex'),
        })),
      };
    },
  );

  app.post(
    '/audit/verify',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Check the hash chain and signed checkpoints; names the first altered, inserted or deleted record',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            firstBadSeq: Type.Optional(Type.Integer()),
            problem: Type.Optional(Type.String()),
            message: Type.String(),
          }),
          ...problems(401, 403),
        },
      },
    },
    async () => verifyAuditChain(db),
  );
};
