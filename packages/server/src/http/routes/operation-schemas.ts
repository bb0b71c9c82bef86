import { Type, type Static } from '@sinclair/typebox';
import type { DeviceApprovalView } from '../../confirmation/approvals.js';
import { PinSchema } from './certificates-schemas.js';

/** What the operations a holder confirms (signing, decryption) show and take alike. */

export const OperationStatusSchema = Type.Union([
  Type.Literal('awaiting_confirmation'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);

const ConfirmationMethodSchema = Type.Union(
  [Type.Literal('pin'), Type.Literal('device'), Type.Literal('device+pin')],
  {
    description:
      "pin: the key PIN; device: an approval on the holder's enrolled device (online, or its offline code); device+pin: both",
  },
);

export const ConfirmationMethodsSchema = Type.Array(ConfirmationMethodSchema, {
  description: 'How the operation may be confirmed now (empty once it is not awaiting confirmation)',
});

export const ConfirmationSchema = Type.Object(
  {
    method: ConfirmationMethodSchema,
    pin: Type.Optional(PinSchema),
    code: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4} ?[0-9]{4}$',
        description: "The eight-digit offline code the holder's device showed for this operation",
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "The operation's confirmationMethods[0] with what it needs: pin → pin; device+pin → pin after the device approved (or with code); device → code (an online approval completes the operation by itself)",
  },
);

export const DeviceApprovalSchema = Type.Object(
  {
    status: Type.Union(
      [
        Type.Literal('pending'),
        Type.Literal('approved'),
        Type.Literal('declined'),
        Type.Literal('used'),
        Type.Literal('refused'),
      ],
      {
        description:
          'pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes',
      },
    ),
    verificationCode: Type.String({ description: 'Four digits the device shows too: the same operation' }),
    offline: Type.String({ description: "The offline QR code's text (PODPIS-OFFLINE-1:…)" }),
    device: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
    via: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('offline')])),
    decidedAt: Type.Optional(Type.String({ format: 'date-time' })),
    approvedUntil: Type.Optional(Type.String({ format: 'date-time' })),
    remainingOfflineAttempts: Type.Integer({ minimum: 0 }),
  },
  { description: "The operation's approval on the holder's device, when it needs one" },
);

/** The device approval as the API shows it. */
export function deviceApprovalView(view: DeviceApprovalView): Static<typeof DeviceApprovalSchema> {
  return {
    status: view.status,
    verificationCode: view.verificationCode,
    offline: view.offline,
    ...(view.device ? { device: view.device } : {}),
    ...(view.via ? { via: view.via } : {}),
    ...(view.decidedAt ? { decidedAt: view.decidedAt.toISOString() } : {}),
    ...(view.approvedUntil ? { approvedUntil: view.approvedUntil.toISOString() } : {}),
    remainingOfflineAttempts: view.remainingOfflineAttempts,
  };
}

export const PinConfirmationSchema = Type.Object(
  { method: Type.Literal('pin'), pin: PinSchema },
  { additionalProperties: false, description: 'The key PIN; a device approval will be another method' },
);

export const OperationParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A response body of bytes (DER, content). */
export const BinarySchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
