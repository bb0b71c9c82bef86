import {
  approvalTime,
  channelKeys,
  deriveChannelSecret,
  fromBase64url,
  generateDeviceKey,
  generateEcdhKeyPair,
  offlineCode,
  openEnvelope,
  parseOfflineRequest,
  sealEnvelope,
  signApproval,
  toBase64url,
  type Approval,
  type ChannelKeys,
  type DeviceReply,
  type DeviceRequest,
  type EnrolmentOffer,
  type Envelope,
  type PendingOperation,
} from '@podpis/confirm';
import { expect } from 'vitest';
import type { TestApi } from './api.js';

export type Headers = Record<string, string>;

/**
 * A device in tests, speaking the protocol as podpis-authenticator does:
 * an ECDSA P-256 key, the channel from enrolment, counters each way.
 */
export class TestDevice {
  sent = 0;
  received = 0;
  /** The last envelope sent, for replay tests. */
  lastSent?: Envelope;

  private constructor(
    readonly api: TestApi,
    readonly id: string,
    readonly keys: ChannelKeys,
    readonly signingKey: CryptoKeyPair,
  ) {}

  /** Starts an enrolment in the user's cabinet and enrols a new device with its code. */
  static async enrol(api: TestApi, session: Headers, name = 'Рабочий ноутбук'): Promise<TestDevice> {
    const started = await api.app.inject({
      method: 'POST',
      url: '/api/v1/me/devices/enrolments',
      headers: session,
    });
    expect(started.statusCode, started.body).toBe(201);
    const { activationCode } = started.json<{ activationCode: string }>();
    return TestDevice.enrolWithCode(api, activationCode, name);
  }

  static async enrolWithCode(
    api: TestApi,
    activationCode: string,
    name = 'Рабочий ноутбук',
  ): Promise<TestDevice> {
    const offered = await api.app.inject({
      method: 'POST',
      url: '/api/v1/device/enrolment',
      payload: { activationCode },
    });
    expect(offered.statusCode, offered.body).toBe(200);
    const offer = offered.json<EnrolmentOffer>();
    const ecdh = await generateEcdhKeyPair();
    const secret = await deriveChannelSecret({
      privateKey: ecdh.privateKey,
      peerPublicKey: fromBase64url(offer.serverKey),
      activationCode,
      device: offer.enrolment,
    });
    const keys = await channelKeys(secret);
    const signingKey = await generateDeviceKey(false);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', signingKey.publicKey));
    const envelope = await sealEnvelope(keys, 'device-to-server', offer.enrolment, 1, {
      name,
      kind: 'authenticator',
      publicKey: toBase64url(spki),
      platform: 'vitest',
    });
    const completed = await api.app.inject({
      method: 'POST',
      url: '/api/v1/device/enrolment/complete',
      payload: { enrolment: offer.enrolment, deviceKey: toBase64url(ecdh.publicKey), envelope },
    });
    expect(completed.statusCode, completed.body).toBe(200);
    const device = new TestDevice(api, offer.enrolment, keys, signingKey);
    device.sent = 1;
    const result = (await openEnvelope(
      keys,
      'server-to-device',
      completed.json<{ envelope: Envelope }>().envelope,
      0,
    )) as {
      device: string;
    };
    device.received = 1;
    expect(result.device).toBe(offer.enrolment);
    return device;
  }

  /** Sends a request; the raw response (for refusals) and, when 200, the opened reply. */
  async send(request: DeviceRequest | { type: string }, envelope?: Envelope) {
    const sealed =
      envelope ?? (await sealEnvelope(this.keys, 'device-to-server', this.id, ++this.sent, request));
    this.lastSent = sealed;
    const response = await this.api.app.inject({
      method: 'POST',
      url: '/api/v1/device/messages',
      payload: { envelope: sealed },
    });
    let reply: DeviceReply | undefined;
    if (response.statusCode === 200) {
      const answer = response.json<{ envelope: Envelope }>().envelope;
      reply = (await openEnvelope(this.keys, 'server-to-device', answer, this.received)) as DeviceReply;
      this.received = answer.counter;
    }
    return { response, reply };
  }

  async pending(): Promise<PendingOperation[]> {
    const { response, reply } = await this.send({ type: 'pending' });
    expect(response.statusCode, response.body).toBe(200);
    return (reply as Extract<DeviceReply, { type: 'pending' }>).operations;
  }

  /** The approval of a pending operation as this device would sign it. */
  approvalOf(
    operation: PendingOperation,
    decision: Approval['decision'] = 'approve',
    at = new Date(),
  ): Approval {
    return {
      operation: operation.operation,
      digest: operation.digest,
      decision,
      challenge: operation.challenge,
      time: approvalTime(at),
    };
  }

  async decide(approval: Approval, signingKey: CryptoKey = this.signingKey.privateKey) {
    return this.send({ type: 'decide', approval, signature: await signApproval(signingKey, approval) });
  }

  /** The offline code for an operation's QR text (its `device.offline`). */
  async offlineCode(qrText: string, at = new Date()): Promise<string> {
    const request = parseOfflineRequest(qrText);
    return offlineCode(this.keys.ocra, fromBase64url(request.digest), fromBase64url(request.challenge), at);
  }
}
