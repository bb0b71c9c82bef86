import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { verifyAuditLog } from '../../ca/audit-signer.js';
import type { Db } from '../../db/db.js';
import { searchAuditLog } from '../../audit/audit-search.js';
import { actorDisplayNames, targetAccounts } from '../../people/actor-names.js';
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
  targetAccount: Type.Union(
    [Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }), Type.Null()],
    { description: 'For a target account:<id>: that account, readable (display name or login, role)' },
  ),
  details: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String({ description: 'Streebog-256 of the record, hex' }),
});

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
      const { items, total } = await searchAuditLog(db, {
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.target !== undefined ? { target: q.target } : {}),
        ...(q.from !== undefined ? { from: new Date(q.from) } : {}),
        ...(q.to !== undefined ? { to: new Date(q.to) } : {}),
        limit: Number(q.limit ?? 50),
        offset: Number(q.offset ?? 0),
      });
      const names = await actorDisplayNames(
        db,
        items.map((item) => item.actor),
      );
      const accounts = await targetAccounts(
        db,
        items.map((item) => item.target),
      );
      return {
        total,
        items: items.map((item) => ({
          seq: item.seq,
          at: item.at.toISOString(),
          actor: item.actor,
          actorName: names.get(item.actor) ?? null,
          action: item.action,
          target: item.target,
          targetAccount: (item.target !== null ? accounts.get(item.target) : undefined) ?? null,
          details: item.details,
          requestId: item.requestId,
          hash: Buffer.from(item.hash).toString('hex'),
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
    async () => verifyAuditLog(db),
  );
};
