import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { enrolmentLink } from '@podpis/confirm';
import { principalOf, requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  getDevice,
  listDevices,
  MAX_DEVICE_NAME,
  removeDevice,
  renameDevice,
  setDeviceBlocked,
  type Device,
} from '../../confirmation/devices.js';
import { enrolmentStatus, startEnrolment } from '../../confirmation/enrolment.js';
import {
  accountPolicy,
  DEVICE_OPERATIONS,
  setAccountPolicy,
  setUsersPolicy,
  usersPolicy,
} from '../../confirmation/policy.js';
import { getUser } from '../../people/users.js';
import { changeContext } from './users.js';
import { IdParams, problems } from './users-schemas.js';

export interface DeviceRoutesOptions {
  ca: AuthorityContext;
}

export const DeviceSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    kind: Type.Union([Type.Literal('webauthn'), Type.Literal('authenticator')], {
      description:
        'webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator',
    }),
    platform: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('active'), Type.Literal('blocked')]),
    createdAt: Type.String({ format: 'date-time' }),
    lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    push: Type.Boolean({ description: 'Takes Web Push notifications' }),
  },
  { additionalProperties: false },
);

export function deviceView(device: Device): Static<typeof DeviceSchema> {
  return {
    id: device.id,
    name: device.name,
    kind: device.kind,
    platform: device.platform,
    status: device.status,
    createdAt: device.createdAt.toISOString(),
    lastUsedAt: device.lastUsedAt?.toISOString() ?? null,
    push: device.push,
  };
}

const EnrolmentSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  activationCode: Type.String({
    description: 'One-time, shown once: type it on the device if the QR code cannot be scanned',
  }),
  link: Type.String({
    description: 'What the QR code holds: the Podpis mobile address with the code in its fragment',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
});

const EnrolmentStatusSchema = Type.Object({
  status: Type.Union([Type.Literal('pending'), Type.Literal('completed'), Type.Literal('expired')]),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  device: Type.Optional(DeviceSchema),
});

const PolicySchema = Type.Object(
  {
    device: Type.Union([Type.Literal('off'), Type.Literal('when-enrolled'), Type.Literal('required')], {
      description:
        'off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one)',
    }),
    operations: Type.Array(Type.Union([Type.Literal('sign'), Type.Literal('decrypt')]), {
      maxItems: DEVICE_OPERATIONS.length,
    }),
    approvalSeconds: Type.Integer({
      minimum: 30,
      maximum: 3600,
      description: 'How long an online approval stands for the PIN step',
    }),
    maxDocuments: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'The most documents one approval covers',
    }),
  },
  { additionalProperties: false },
);

const AccountPolicySchema = Type.Object({
  override: Type.Union([PolicySchema, Type.Null()], {
    description: "The user's own policy, if an administrator set one",
  }),
  effective: PolicySchema,
});

const DeviceParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const EnrolmentParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  enrolment: Type.String({ format: 'uuid' }),
});
const RenameSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: MAX_DEVICE_NAME }) },
  { additionalProperties: false },
);

/** The office's origin as the browser reached it: enrolment links and the WebAuthn relying party use it. */
export function originOf(request: FastifyRequest): string {
  return `https://${request.host}`;
}

function enrolmentView(request: FastifyRequest, started: Awaited<ReturnType<typeof startEnrolment>>) {
  return {
    id: started.id,
    activationCode: started.activationCode,
    link: enrolmentLink(originOf(request), started.activationCode),
    expiresAt: started.expiresAt.toISOString(),
  };
}

function statusView(
  status: Awaited<ReturnType<typeof enrolmentStatus>>,
): Static<typeof EnrolmentStatusSchema> {
  return status.status === 'completed'
    ? { status: 'completed', device: deviceView(status.device) }
    : { status: status.status, expiresAt: status.expiresAt.toISOString() };
}

/**
 * Devices for mobile confirmation (docs/mobile-confirmation.md): a user
 * enrols and manages their own (session only: an API token manages no
 * devices); an operator does the same for a user; an administrator sets
 * the confirmation policy.
 */
export const deviceRoutes: FastifyPluginAsyncTypebox<DeviceRoutesOptions> = async (app, { ca }) => {
  const user = requireRole('user', { methods: ['session'] });
  const operator = requireRole('operator');
  const admin = requireRole('admin');
  const tags = ['devices'];
  const db = ca.db;

  app.post(
    '/me/devices/enrolments',
    {
      preHandler: user,
      schema: {
        tags,
        summary:
          'Start enrolling a device: a one-time activation code and the link for the QR code (10 minutes)',
        response: { 201: EnrolmentSchema, ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const started = await startEnrolment(ca, principalOf(request).accountId, changeContext(request));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(enrolmentView(request, started));
    },
  );

  app.get(
    '/me/devices/enrolments/:id',
    {
      preHandler: user,
      schema: {
        tags,
        summary: 'Where my enrolment stands: pending, completed (with the device) or expired',
        params: IdParams,
        response: { 200: EnrolmentStatusSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      statusView(await enrolmentStatus(db, principalOf(request).accountId, request.params.id, ca.now())),
  );

  app.get(
    '/me/devices',
    {
      preHandler: user,
      schema: {
        tags,
        summary: 'My enrolled devices',
        response: { 200: Type.Object({ items: Type.Array(DeviceSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: (await listDevices(db, principalOf(request).accountId)).map(deviceView) }),
  );

  for (const [prefix, preHandler, own] of [
    ['/me/devices', user, true],
    ['/devices', operator, false],
  ] as const) {
    const scope = (request: FastifyRequest) => (own ? principalOf(request).accountId : undefined);
    app.patch(
      `${prefix}/:id`,
      {
        preHandler,
        schema: {
          tags,
          summary: own ? 'Rename my device' : "Rename a user's device",
          params: DeviceParams,
          body: RenameSchema,
          response: { 200: DeviceSchema, ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (request) =>
        deviceView(
          await renameDevice(
            db,
            request.params.id,
            request.body.name,
            scope(request),
            changeContext(request),
          ),
        ),
    );
    for (const action of ['block', 'unblock'] as const) {
      app.post(
        `${prefix}/:id/${action}`,
        {
          preHandler,
          schema: {
            tags,
            summary:
              action === 'block' ? 'Block a device: it approves nothing until unblocked' : 'Unblock a device',
            params: DeviceParams,
            response: { 200: DeviceSchema, ...problems(401, 403, 404) },
          },
        },
        async (request) =>
          deviceView(
            await setDeviceBlocked(
              db,
              request.params.id,
              action === 'block',
              scope(request),
              changeContext(request),
            ),
          ),
      );
    }
    app.delete(
      `${prefix}/:id`,
      {
        preHandler,
        schema: {
          tags,
          summary: 'Remove a device for good: its channel is erased (past approvals stay verifiable)',
          params: DeviceParams,
          response: { 204: Type.Null(), ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await removeDevice(db, request.params.id, scope(request), changeContext(request));
        return reply.code(204).send(null);
      },
    );
  }

  app.get(
    '/devices/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'A device',
        params: DeviceParams,
        response: { 200: DeviceSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => deviceView(await getDevice(db, request.params.id)),
  );

  app.get(
    '/users/:id/devices',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "A user's enrolled devices",
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(DeviceSchema) }), ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await getUser(db, request.params.id);
      return { items: (await listDevices(db, request.params.id)).map(deviceView) };
    },
  );

  app.post(
    '/users/:id/devices/enrolments',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Start enrolling a device for a user (show them the QR code or the activation code)',
        params: IdParams,
        response: { 201: EnrolmentSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const started = await startEnrolment(ca, request.params.id, changeContext(request));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(enrolmentView(request, started));
    },
  );

  app.get(
    '/users/:id/devices/enrolments/:enrolment',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "Where a user's enrolment stands",
        params: EnrolmentParams,
        response: { 200: EnrolmentStatusSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) =>
      statusView(await enrolmentStatus(db, request.params.id, request.params.enrolment, ca.now())),
  );

  app.get(
    '/confirmation-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "The users' confirmation policy",
        response: { 200: PolicySchema, ...problems(401, 403) },
      },
    },
    async () => usersPolicy(db),
  );

  app.put(
    '/confirmation-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Set the users' confirmation policy (audited)",
        body: PolicySchema,
        response: { 200: PolicySchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => setUsersPolicy(db, request.body, changeContext(request)),
  );

  app.get(
    '/users/:id/confirmation-policy',
    {
      preHandler: [admin],
      schema: {
        tags,
        summary: "A user's confirmation policy: their own, if set, and the one in force",
        params: IdParams,
        response: { 200: AccountPolicySchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await getUser(db, request.params.id);
      return accountPolicy(db, request.params.id);
    },
  );

  app.put(
    '/users/:id/confirmation-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Set a user's own confirmation policy (audited)",
        params: IdParams,
        body: PolicySchema,
        response: { 200: AccountPolicySchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      await getUser(db, request.params.id);
      await setAccountPolicy(db, request.params.id, request.body, changeContext(request));
      return accountPolicy(db, request.params.id);
    },
  );

  app.delete(
    '/users/:id/confirmation-policy',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Remove a user's own policy: the users' policy applies (audited)",
        params: IdParams,
        response: { 200: AccountPolicySchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      await getUser(db, request.params.id);
      await setAccountPolicy(db, request.params.id, null, changeContext(request));
      return accountPolicy(db, request.params.id);
    },
  );
};
