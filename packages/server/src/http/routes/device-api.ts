import type { ServerResponse } from 'node:http';
import type { Agent } from 'node:https';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { toBase64url, type DeviceReply, type DeviceRequest } from '@podpis/confirm';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  DEVICE_PENDING_CHANNEL,
  decideOnDevice,
  pendingApprovalFor,
  pendingOperations,
} from '../../confirmation/approvals.js';
import { openDeviceMessage, sealForDevice } from '../../confirmation/channel.js';
import { completeEnrolment, offerEnrolment } from '../../confirmation/enrolment.js';
import { pushPending, setPushSubscription, vapidKeys } from '../../confirmation/push.js';
import { DomainError } from '../../core/domain-error.js';
import { cancelDecryptionOperation, confirmDecryptionOperation } from '../../signing/encryption.js';
import type { FormatServices } from '../../signing/formats/index.js';
import {
  cancelSigningOperation,
  confirmSigningOperation,
  signingDocumentPreview,
} from '../../signing/operations.js';
import { awaitsRemoteAuthorization } from '../../signing/remote-authorizations.js';
import { originOf } from './devices.js';
import { problems } from './users-schemas.js';

export interface DeviceApiOptions {
  ca: AuthorityContext;
  services: FormatServices;
  /** The VAPID subject: the installation's public URL. */
  publicUrl: string;
  /** How push services are reached (a proxy's agent). */
  pushAgent?: Agent;
  /** Host names of the push services a device may subscribe with. */
  pushServices: readonly string[];
  logger?: { warn: (details: object, message: string) => void };
}

const EnvelopeSchema = Type.Object(
  {
    device: Type.String({ maxLength: 64 }),
    counter: Type.Integer({ minimum: 1 }),
    iv: Type.String({ maxLength: 32 }),
    data: Type.String({ maxLength: 12 * 1024 * 1024 }),
  },
  {
    additionalProperties: false,
    description: 'A message sealed under the device channel (AES-256-GCM, counter authenticated)',
  },
);
const Sealed = Type.Object({ envelope: EnvelopeSchema }, { additionalProperties: false });

const relyingParty = (request: FastifyRequest) => ({ id: request.hostname, origin: originOf(request) });

/**
 * A request's shape, checked once it opened: the channel proves who sent
 * it, not that it is well formed (DEVICE_REQUEST_INVALID otherwise).
 */
function checkRequest(message: unknown): asserts message is DeviceRequest {
  const m = (typeof message === 'object' && message !== null ? message : {}) as Record<string, unknown>;
  const text = (value: unknown, max: number) =>
    typeof value === 'string' && value.length > 0 && value.length <= max;
  const subscription = m.subscription as {
    endpoint?: unknown;
    keys?: { p256dh?: unknown; auth?: unknown };
  } | null;
  const ok =
    m.type === 'pending' ||
    (m.type === 'preview' &&
      text(m.operation, 64) &&
      Number.isInteger(m.document) &&
      (m.document as number) >= 0) ||
    (m.type === 'decide' && typeof m.approval === 'object' && m.approval !== null) ||
    (m.type === 'push' &&
      (subscription === null ||
        (typeof subscription === 'object' &&
          text(subscription.endpoint, 2048) &&
          text(subscription.keys?.p256dh, 256) &&
          text(subscription.keys?.auth, 256))));
  if (!ok)
    throw new DomainError('DEVICE_REQUEST_INVALID', 'a request of a shape the device API does not take');
}

/** Tells the user's devices an operation awaits them: Web Push now; event streams hear the NOTIFY at commit. */
export function announceToDevices(
  options: Omit<DeviceApiOptions, 'services'>,
  accountId: string,
  operationId: string,
): void {
  void pushPending(options.ca, accountId, operationId, {
    subject: options.publicUrl,
    services: options.pushServices,
    ...(options.pushAgent ? { agent: options.pushAgent } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  }).catch((error: unknown) => options.logger?.warn({ err: error }, 'web push failed'));
}

/**
 * The device side of mobile confirmation (`@podpis/confirm`'s messages.ts):
 * no cookie or token, a device is authenticated by its channel.
 */
export const deviceApiRoutes: FastifyPluginAsyncTypebox<DeviceApiOptions> = async (app, options) => {
  const { ca, services } = options;
  const tags = ['device'];
  // Open event streams end when the server closes, or it would wait for them forever.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', () => {
    for (const stream of streams) stream.end();
  });

  app.post(
    '/device/enrolment',
    {
      schema: {
        tags,
        summary:
          'A device presents an activation code and gets the enrolment offer (10 tries a minute per address)',
        body: Type.Object(
          { activationCode: Type.String({ minLength: 6, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            enrolment: Type.String(),
            serverKey: Type.String(),
            challenge: Type.String(),
            account: Type.String(),
            rpId: Type.String(),
            expiresAt: Type.String(),
          }),
          ...problems(400, 404, 429),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return offerEnrolment(ca, request.body.activationCode, relyingParty(request), request.ip);
    },
  );

  app.post(
    '/device/enrolment/complete',
    {
      schema: {
        tags,
        summary: 'A device completes its enrolment: its ECDH key and, sealed, its name and signing key',
        body: Type.Object(
          {
            enrolment: Type.String({ maxLength: 64 }),
            deviceKey: Type.String({ maxLength: 128 }),
            envelope: EnvelopeSchema,
          },
          { additionalProperties: false },
        ),
        response: { 200: Sealed, ...problems(400, 404) },
      },
    },
    async (request) => {
      const { publicKey } = await vapidKeys(ca);
      const { envelope } = await completeEnrolment(ca, request.body, relyingParty(request), {
        vapidPublicKey: publicKey,
      });
      return { envelope };
    },
  );

  app.post(
    '/device/messages',
    {
      schema: {
        tags,
        summary:
          'A sealed request from a device (pending, preview, decide, push); the answer is sealed for it',
        body: Sealed,
        response: { 200: Sealed, ...problems(400, 401, 403, 404, 409, 410, 422, 423) },
      },
    },
    async (request) => {
      const { device, keys, message } = await openDeviceMessage(ca, request.body.envelope);
      const reply = await answer(request, device, message as DeviceRequest);
      return { envelope: await sealForDevice(ca, device, keys, reply) };
    },
  );

  async function answer(
    request: FastifyRequest,
    device: Awaited<ReturnType<typeof openDeviceMessage>>['device'],
    message: DeviceRequest,
  ): Promise<DeviceReply> {
    const context = { actor: `user:${device.account_id}`, requestId: request.id };
    checkRequest(message);
    switch (message.type) {
      case 'pending':
        return { type: 'pending', operations: await pendingOperations(ca.db, device, ca.now()) };
      case 'preview': {
        const pending = await pendingApprovalFor(ca.db, device, message.operation, ca.now());
        if (pending.kind !== 'sign') {
          throw new DomainError('SIGNING_DOCUMENT_NOT_FOUND', 'no preview of this document');
        }
        const preview = await signingDocumentPreview(
          ca,
          pending.accountId,
          pending.operationId,
          message.document,
        );
        return {
          type: 'preview',
          operation: pending.operationId,
          document: message.document,
          mediaType: preview.mediaType,
          content: toBase64url(preview.content),
          truncated: preview.truncated,
        };
      }
      case 'decide': {
        const outcome = await decideOnDevice(ca, device, message, relyingParty(request));
        const { accountId, operationId, kind } = outcome;
        // A sign-in's browser waits for the decision and acts on it itself.
        if (kind === 'sign-in') {
          return {
            type: 'decided',
            operation: operationId,
            outcome: outcome.decision === 'approve' ? 'approved' : 'declined',
          };
        }
        if (outcome.decision === 'decline') {
          await (kind === 'sign'
            ? cancelSigningOperation(ca, accountId, operationId, context)
            : cancelDecryptionOperation(ca, accountId, operationId, context));
          return { type: 'decided', operation: operationId, outcome: 'declined' };
        }
        // A remote authorisation's approval is fetched as a SAD by the system that asked for it.
        const forSad = kind === 'sign' && (await awaitsRemoteAuthorization(ca, operationId));
        if (outcome.method === 'device' && !forSad) {
          // No PIN to wait for: the approval is the confirmation, and the key is used now.
          const confirmation = { method: 'device' } as const;
          await (kind === 'sign'
            ? confirmSigningOperation(ca, accountId, operationId, confirmation, context, services)
            : confirmDecryptionOperation(ca, accountId, operationId, confirmation, context));
          return { type: 'decided', operation: operationId, outcome: 'completed' };
        }
        return { type: 'decided', operation: operationId, outcome: 'approved' };
      }
      case 'push':
        await setPushSubscription(ca, device, message.subscription, options.pushServices);
        return { type: 'ok' };
    }
  }

  app.post(
    '/device/events',
    {
      schema: {
        tags,
        summary:
          'A sealed `listen` from a device opens a Server-Sent Events stream of `pending` hints (no content: the device then asks `pending`)',
        body: Sealed,
        produces: ['text/event-stream'],
        response: { ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { device, message } = await openDeviceMessage(ca, request.body.envelope);
      if ((message as { type?: unknown }).type !== 'listen')
        throw new DomainError('DEVICE_MESSAGE_INVALID', 'expected listen');
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        // HTTP/2 forbids connection headers: its streams outlive nothing but the session.
        ...(request.raw.httpVersionMajor < 2 ? { connection: 'keep-alive' } : {}),
        'x-request-id': request.id,
      });
      raw.write(': podpis\n\nevent: pending\ndata: {}\n\n');
      const unlisten = await ca.db.listen(DEVICE_PENDING_CHANNEL, (account) => {
        if (account === device.account_id) raw.write('event: pending\ndata: {}\n\n');
      });
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 25_000);
      keepAlive.unref();
      const close = () => {
        clearInterval(keepAlive);
        void unlisten();
      };
      streams.add(raw);
      raw.on('close', () => {
        streams.delete(raw);
        close();
      });
    },
  );
};
