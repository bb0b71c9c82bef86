import {
  ConfirmError,
  isEnvelope,
  openEnvelope,
  sealEnvelope,
  type ChannelKeys,
  type Envelope,
} from '@podpis/confirm';
import { DomainError } from '../core/domain-error.js';
import { deviceChannel, findDevice, type DeviceRow } from './devices.js';
import type { ConfirmationContext } from './enrolment.js';

/**
 * The server's end of a device's channel. A message must open under the
 * device's channel keys with a counter above the last one seen; the new
 * counter is stored with a conditional UPDATE, so of two messages with the
 * same counter (a replay racing the original) one passes. An unknown,
 * removed or wrong-key device is DEVICE_MESSAGE_INVALID alike; a blocked
 * device is told so (DEVICE_BLOCKED) once its message proved who it is.
 */
export async function openDeviceMessage(
  ctx: ConfirmationContext,
  envelope: unknown,
): Promise<{ device: DeviceRow; keys: ChannelKeys; message: unknown }> {
  const invalid = () =>
    new DomainError('DEVICE_MESSAGE_INVALID', 'the message does not open: unknown device or altered');
  if (!isEnvelope(envelope)) throw invalid();
  const row = await findDevice(ctx.db, envelope.device);
  if (!row) throw invalid();
  const keys = await deviceChannel(ctx.keyStore, row);
  let message: unknown;
  try {
    message = await openEnvelope(keys, 'device-to-server', envelope, Number(row.counter_in));
  } catch (error) {
    if (error instanceof ConfirmError && error.code === 'REPLAYED') {
      throw new DomainError(
        'DEVICE_MESSAGE_REPLAYED',
        'the message was already received (its counter is not new)',
      );
    }
    throw invalid();
  }
  const { rows } = await ctx.db.query<DeviceRow>(
    `UPDATE devices SET counter_in = $2, last_used_at = $3 WHERE id = $1 AND counter_in < $2 AND status <> 'removed' RETURNING *`,
    [row.id, envelope.counter, ctx.now()],
  );
  const device = rows[0];
  if (!device)
    throw new DomainError(
      'DEVICE_MESSAGE_REPLAYED',
      'the message was already received (its counter is not new)',
    );
  if (device.status === 'blocked')
    throw new DomainError('DEVICE_BLOCKED', 'this device is blocked: it approves nothing');
  return { device, keys, message };
}

/** A message for the device under the next server counter. */
export async function sealForDevice(
  ctx: ConfirmationContext,
  device: Pick<DeviceRow, 'id'>,
  keys: ChannelKeys,
  message: unknown,
): Promise<Envelope> {
  const { rows } = await ctx.db.query<{ counter_out: string | number }>(
    'UPDATE devices SET counter_out = counter_out + 1 WHERE id = $1 RETURNING counter_out',
    [device.id],
  );
  if (!rows[0]) throw new DomainError('DEVICE_NOT_FOUND', `no device ${device.id}`);
  return sealEnvelope(keys, 'server-to-device', device.id, Number(rows[0].counter_out), message);
}
