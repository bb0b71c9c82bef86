import { webcrypto } from 'node:crypto';
import {
  ConfirmError,
  channelKeys,
  deriveChannelSecret,
  fromBase64url,
  generateDeviceKey,
  normaliseActivationCode,
  openEnvelope,
  parseEnrolmentLink,
  sealEnvelope,
  toBase64url,
  type EnrolmentCompletion,
  type EnrolmentOffer,
  type EnrolmentRegistration,
  type EnrolmentResult,
  type Envelope,
} from '@podpis/confirm';
import { VERSION } from '../../version.js';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import { readCaFile } from '../commands/remote.js';
import { deviceClient, replyFailure } from './device.js';
import type { AuthenticatorState, StateFile } from './state-file.js';

export interface EnrolmentInput {
  /** The link of the cabinet's QR code, or `server` and `code` apart. */
  link?: string;
  server?: string;
  code?: string;
  name: string;
  caFile?: string;
}

/** The server and activation code of the link, or of --server and --code. */
export function enrolmentTarget(input: EnrolmentInput): { server: string; activationCode: string } {
  if (input.link !== undefined) {
    if (input.server !== undefined || input.code !== undefined)
      throw new CliUsageError('give the enrolment link, or --server and --code, not both');
    try {
      return parseEnrolmentLink(input.link);
    } catch (error) {
      if (error instanceof ConfirmError)
        throw new CliUsageError(`not an enrolment link (https://host/mobile/#enrol=CODE): ${input.link}`);
      throw error;
    }
  }
  if (input.server === undefined || input.code === undefined)
    throw new CliUsageError(
      'give the enrolment link the cabinet shows, or both --server URL and --code CODE',
    );
  return { server: input.server, activationCode: normaliseActivationCode(input.code) };
}

/**
 * Enrols this machine as a device: takes the server's offer for the
 * activation code, derives the channel from a fresh ECDH pair, makes the
 * ECDSA P-256 device key, registers it sealed under the channel, and
 * writes the state file once the server has confirmed (the activation code
 * is single-use, so a file of a device the server never stored would only
 * mislead).
 */
export async function enrol(input: EnrolmentInput, file: StateFile): Promise<AuthenticatorState> {
  const { server, activationCode } = enrolmentTarget(input);
  // Kept in the state file, so the other commands trust the same CA without --ca-file.
  const ca = input.caFile !== undefined && input.caFile !== '' ? await readCaFile(input.caFile) : undefined;
  const client = await deviceClient(server, undefined, ca);
  const offer = await client.json<EnrolmentOffer>('POST', '/device/enrolment', { activationCode });
  if (typeof offer.enrolment !== 'string' || typeof offer.serverKey !== 'string')
    throw new CliFailure('DEVICE_REPLY_MALFORMED', 'the enrolment offer misses fields');

  // generateEcdhKeyPair's, made with Node's types: @podpis/confirm types keys with the DOM's CryptoKey,
  // which the server (Node types only) lacks.
  const subtle = webcrypto.subtle;
  const ecdh = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const ecdhPublicKey = new Uint8Array(await subtle.exportKey('raw', ecdh.publicKey));
  let secret: Uint8Array<ArrayBuffer>;
  try {
    secret = await deriveChannelSecret({
      privateKey: ecdh.privateKey,
      peerPublicKey: fromBase64url(offer.serverKey),
      activationCode,
      device: offer.enrolment,
    });
  } catch (error) {
    throw replyFailure(error);
  }
  const keys = await channelKeys(secret);
  const deviceKey = (await generateDeviceKey(true)) as webcrypto.CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', deviceKey.publicKey));
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', deviceKey.privateKey));

  const registration: EnrolmentRegistration = {
    name: input.name,
    kind: 'authenticator',
    publicKey: toBase64url(spki),
    platform: `podpis-authenticator ${VERSION} (${process.platform})`,
  };
  // The first message of the channel in each direction has counter 1.
  const completion: EnrolmentCompletion = {
    enrolment: offer.enrolment,
    deviceKey: toBase64url(ecdhPublicKey),
    envelope: await sealEnvelope(keys, 'device-to-server', offer.enrolment, 1, registration),
  };
  const answer = await client.json<{ envelope?: Envelope }>('POST', '/device/enrolment/complete', completion);
  let result: Partial<EnrolmentResult> | null;
  try {
    if (answer.envelope === undefined) throw new ConfirmError('MALFORMED', 'no envelope');
    result = (await openEnvelope(
      keys,
      'server-to-device',
      answer.envelope,
      0,
    )) as Partial<EnrolmentResult> | null;
  } catch (error) {
    throw replyFailure(error);
  }
  if (result?.type !== 'enrolled' || result.device !== offer.enrolment)
    throw new CliFailure('DEVICE_REPLY_MALFORMED', 'the server did not confirm this enrolment');

  const state: AuthenticatorState = {
    device: result.device,
    server,
    ...(ca !== undefined ? { ca } : {}),
    name: result.name ?? input.name,
    account: result.account ?? '',
    enrolledAt: new Date().toISOString(),
    channelSecret: toBase64url(secret),
    deviceKey: toBase64url(pkcs8),
    counters: { sent: 1, received: answer.envelope.counter },
  };
  await file.save(state);
  return state;
}
