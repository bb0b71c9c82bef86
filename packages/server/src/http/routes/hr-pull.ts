import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { MAX_HR_FILE_BYTES } from '../../hr/hr-file.js';
import {
  deleteHrPull,
  getHrPull,
  MAX_PULL_INTERVAL_MINUTES,
  MIN_PULL_INTERVAL_MINUTES,
  pullHrSource,
  saveHrPull,
  type HrPull,
  type HrPullContext,
} from '../../hr/pull.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface HrPullRoutesOptions {
  pull: HrPullContext;
  /** Told when a pull queued an import job, so this node's runner starts it at once. */
  onJobQueued?: () => void;
}

const dateTime = Type.String({ format: 'date-time' });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const AuthInput = Type.Union([
  Type.Object({ type: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('bearer'),
      token: Type.Optional(
        Type.String({ maxLength: 4096, description: 'Write-only; absent: keep the saved token' }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('basic'),
      username: Type.String({ minLength: 1, maxLength: 200 }),
      password: Type.Optional(
        Type.String({ maxLength: 1024, description: 'Write-only; absent: keep the saved password' }),
      ),
    },
    { additionalProperties: false },
  ),
]);

const PullSchema = Type.Object({
  sourceId: Type.String(),
  url: Type.String(),
  auth: Type.Object({
    type: Type.Union([Type.Literal('none'), Type.Literal('bearer'), Type.Literal('basic')]),
    username: nullable(Type.String()),
    secretSaved: Type.Boolean({ description: 'A token or password is saved (it is never shown)' }),
  }),
  caCertificate: nullable(Type.String()),
  intervalMinutes: Type.Integer(),
  recordsPath: Type.String(),
  timeoutSeconds: Type.Number(),
  maxBytes: Type.Integer(),
  full: Type.Boolean(),
  enabled: Type.Boolean(),
  nextPullAt: dateTime,
  lastPullAt: nullable(dateTime),
  lastStatus: Type.Union([
    Type.Literal('imported'),
    Type.Literal('unchanged'),
    Type.Literal('failed'),
    Type.Null(),
  ]),
  lastError: nullable(Type.String()),
  lastJobId: nullable(Type.String({ format: 'uuid' })),
  updatedAt: dateTime,
});

const SourceParams = Type.Object({ id: Type.String({ maxLength: 32 }) });

function pullView(pull: HrPull): Static<typeof PullSchema> {
  return pull;
}

/**
 * Scheduled HR pulls (issue #16): an administrator points an HR source at
 * its HR system's JSON endpoint (https, token or password sealed, custom
 * CA, interval, records path, limits); operators see the last pull and
 * pull now. Each pull that finds a new export queues an ordinary import.
 */
export const hrPullRoutes: FastifyPluginAsyncTypebox<HrPullRoutesOptions> = async (
  app,
  { pull, onJobQueued },
) => {
  const admin = requireRole('admin');
  const staff = requireRole(['operator', 'admin']);
  const tags = ['hr'];

  app.get(
    '/hr/sources/:id/pull',
    {
      preHandler: staff,
      schema: {
        tags,
        summary: "An HR source's scheduled pull and how its last pull went (404 HR_PULL_NOT_FOUND: none)",
        params: SourceParams,
        response: { 200: PullSchema, ...problems(404) },
      },
    },
    async (request) => pullView(await getHrPull(pull.db, request.params.id)),
  );

  app.put(
    '/hr/sources/:id/pull',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Set up or change the scheduled pull of an HR source from a JSON endpoint; the next pull is due at once',
        params: SourceParams,
        body: Type.Object(
          {
            url: Type.String({
              maxLength: 2000,
              description: 'https:// (http:// only to loopback with PODPIS_HR_PULL_ALLOW_HTTP)',
            }),
            auth: AuthInput,
            caCertificate: Type.Optional(
              Type.Union([Type.String({ maxLength: 65536 }), Type.Null()], {
                description:
                  "PEM of the CA(s) to trust for the server's certificate; absent or null: the system's",
              }),
            ),
            intervalMinutes: Type.Integer({
              minimum: MIN_PULL_INTERVAL_MINUTES,
              maximum: MAX_PULL_INTERVAL_MINUTES,
            }),
            recordsPath: Type.Optional(
              Type.String({
                maxLength: 200,
                description:
                  'Dot-separated keys to the array of employees, e.g. data.employees; empty: the body is the array (or its first array)',
              }),
            ),
            timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 300 })),
            maxBytes: Type.Optional(Type.Integer({ minimum: 1024, maximum: MAX_HR_FILE_BYTES })),
            full: Type.Optional(
              Type.Boolean({
                description: 'The endpoint lists every employee: those missing are leavers (default true)',
              }),
            ),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: PullSchema, ...problems(400, 404, 422) },
      },
    },
    async (request) =>
      pullView(await saveHrPull(pull, request.params.id, request.body, changeContext(request))),
  );

  app.delete(
    '/hr/sources/:id/pull',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Remove an HR source's scheduled pull (the source and its imports stay)",
        params: SourceParams,
        response: { 204: Type.Null(), ...problems(404) },
      },
    },
    async (request, reply) => {
      await deleteHrPull(pull.db, request.params.id, changeContext(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/hr/sources/:id/pull/run',
    {
      preHandler: staff,
      schema: {
        tags,
        summary:
          'Pull now: an import job when the export changed (202), or 200 unchanged; a failure is recorded and answered 502 HR_PULL_FAILED (or 422 for an export that cannot be imported)',
        params: SourceParams,
        response: {
          200: Type.Object({ status: Type.Literal('unchanged') }),
          202: Type.Object({ status: Type.Literal('imported'), jobId: Type.String({ format: 'uuid' }) }),
          ...problems(404, 409, 413, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const outcome = await pullHrSource(pull, request.params.id, {
        kind: 'manual',
        context: changeContext(request),
      });
      // A manual pull never goes unclaimed: the service answers HR_PULL_BUSY instead.
      if (!outcome) return reply.code(200).send({ status: 'unchanged' as const });
      if (outcome.status === 'failed') throw outcome.error;
      if (outcome.status === 'unchanged') return reply.code(200).send({ status: 'unchanged' as const });
      onJobQueued?.();
      return reply.code(202).send({ status: 'imported' as const, jobId: outcome.jobId });
    },
  );
};
