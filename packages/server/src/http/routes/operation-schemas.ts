import { Type } from '@sinclair/typebox';
import { PinSchema } from './certificates-schemas.js';

/** What the operations a holder confirms (signing, decryption) show and take alike. */

export const OperationStatusSchema = Type.Union([
  Type.Literal('awaiting_confirmation'),
  Type.Literal('completed'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);

export const ConfirmationMethodsSchema = Type.Array(Type.Literal('pin'), {
  description: 'How the operation may be confirmed now (empty once it is not awaiting confirmation)',
});

export const PinConfirmationSchema = Type.Object(
  { method: Type.Literal('pin'), pin: PinSchema },
  { additionalProperties: false, description: 'The key PIN; a device approval will be another method' },
);

export const OperationParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A response body of bytes (DER, content). */
export const BinarySchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
