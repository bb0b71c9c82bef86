import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import { getBulkJob } from '../../bulk/jobs.js';
import {
  deliverTemporaryPasswords,
  temporaryPasswordStatus,
  type DeliveryContext,
} from '../../people/temporary-passwords.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface TemporaryPasswordRoutesOptions {
  delivery: DeliveryContext;
}

const FormatSchema = Type.Union([Type.Literal('letters'), Type.Literal('protected-file')]);
const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const dateTime = Type.String({ format: 'date-time' });

const StatusSchema = Type.Object({
  jobId: Type.String({ format: 'uuid' }),
  pending: Type.Integer({ description: 'Temporary passwords waiting for delivery (0 once delivered)' }),
  delivery: Type.Union([
    Type.Object({
      format: FormatSchema,
      delivered: Type.Integer(),
      leftOut: Type.Integer(),
      deliveredBy: Type.String(),
      deliveredAt: dateTime,
    }),
    Type.Null(),
  ]),
});

/**
 * The temporary passwords of users a bulk job created (issue #16 §3): where
 * they stand, and their one delivery as printed letters or a
 * password-protected file.
 */
export const temporaryPasswordRoutes: FastifyPluginAsyncTypebox<TemporaryPasswordRoutesOptions> = async (
  app,
  { delivery },
) => {
  const operator = requireRole('operator');
  const tags = ['hr'];

  app.get(
    '/bulk-jobs/:id/temporary-passwords',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "Whether a job's temporary passwords wait for delivery or were delivered",
        params: JobParams,
        response: { 200: StatusSchema, ...problems(404) },
      },
    },
    async (request) => {
      const job = await getBulkJob(delivery.db, request.params.id);
      return temporaryPasswordStatus(delivery.db, job.id);
    },
  );

  app.post(
    '/bulk-jobs/:id/temporary-passwords/delivery',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Deliver a finished job's temporary passwords, once: printed letters (PDF, one A4 page per employee) or a list in a PDF encrypted with AES-256 under a file password. The passwords are not kept afterwards: a second delivery is 410 TEMPORARY_PASSWORDS_DELIVERED",
        params: JobParams,
        body: Type.Object(
          {
            format: FormatSchema,
            filePassword: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 127,
                description:
                  'protected-file: the password to open it (12 characters with three kinds of letters, digits and signs, or 20); without it one is generated and returned this once',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            format: FormatSchema,
            fileName: Type.String(),
            contentType: Type.Literal('application/pdf'),
            content: Type.String({ description: 'The PDF, base64' }),
            generatedFilePassword: Type.Optional(
              Type.String({ description: 'The generated file password: shown this once, never kept' }),
            ),
            delivered: Type.Integer({ description: 'Passwords in the file' }),
            leftOut: Type.Array(
              Type.Object({
                login: Type.String(),
                reason: Type.Union([Type.Literal('changed'), Type.Literal('expired')], {
                  description: 'changed: the user already signed in and chose a password',
                }),
              }),
            ),
          }),
          ...problems(400, 404, 409, 410, 422),
        },
      },
    },
    async (request, reply) => {
      const result = await deliverTemporaryPasswords(
        delivery,
        await getBulkJob(delivery.db, request.params.id),
        {
          format: request.body.format,
          ...(request.body.filePassword !== undefined ? { filePassword: request.body.filePassword } : {}),
        },
        changeContext(request),
      );
      // The answer holds passwords: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return {
        format: result.format,
        fileName: result.fileName,
        contentType: 'application/pdf' as const,
        content: Buffer.from(result.content).toString('base64'),
        ...(result.generatedFilePassword ? { generatedFilePassword: result.generatedFilePassword } : {}),
        delivered: result.delivered,
        leftOut: result.leftOut,
      };
    },
  );
};
