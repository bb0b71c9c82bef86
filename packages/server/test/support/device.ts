import {
  approvalChallenge,
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
import type { PodpisApp } from '../../src/http/app.js';
import { SoftwareAuthenticator } from './webauthn.js';

export type Headers = Record<string, string>;

/** The origin the server sees for inject() requests (host localhost:80), which WebAuthn checks. */
const ORIGIN = 'https://localhost:80';

/** Throws unless the answer has the status expected (no test framework: benches use this too). */
function must(response: { statusCode: number; body: string }, status: number, what: string): void {
  if (response.statusCode !== status)
    throw new Error(`${what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
}

/**
 * A device in tests and benches, speaking the protocol as
 * podpis-authenticator does (an ECDSA P-256 key) or as the Podpis mobile
 * app does (a WebAuthn credential, here a software authenticator): the
 * channel from enrolment, counters each way.
 */
export class TestDevice {
  sent = 0;
  received = 0;
  /** The last envelope sent, for replay tests. */
  lastSent?: Envelope;

  private constructor(
    readonly api: { app: PodpisApp },
    readonly id: string,
    readonly keys: ChannelKeys,
    readonly signingKey: CryptoKeyPair,
    readonly authenticator?: SoftwareAuthenticator,
    readonly rpId = 'localhost',
  ) {}

  /** The mobile app's assertion over `challenge` (base64url); inject() is answered as https://localhost:80. */
  assert(challenge: string) {
    return this.authenticator!.authenticate({ challenge, rpId: this.rpId }, ORIGIN);
  }

  /** Starts an enrolment in the user's cabinet and enrols a new device with its code. */
  static async enrol(
    api: { app: PodpisApp },
    session: Headers,
    name = 'Рабочий ноутбук',
    kind: 'authenticator' | 'webauthn' = 'authenticator',
  ): Promise<TestDevice> {
    const started = await api.app.inject({
      method: 'POST',
      url: '/api/v1/me/devices/enrolments',
      headers: session,
    });
    must(started, 201, 'start an enrolment');
    const { activationCode } = started.json<{ activationCode: string }>();
    return TestDevice.enrolWithCode(api, activationCode, name, kind);
  }

  static async enrolWithCode(
    api: { app: PodpisApp },
    activationCode: string,
    name = 'Рабочий ноутбук',
    kind: 'authenticator' | 'webauthn' = 'authenticator',
  ): Promise<TestDevice> {
    const offered = await api.app.inject({
      method: 'POST',
      url: '/api/v1/device/enrolment',
      payload: { activationCode },
    });
    must(offered, 200, 'the enrolment offer');
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
    // inject() is answered as host localhost:80: the relying party the server then expects.
    const authenticator = kind === 'webauthn' ? new SoftwareAuthenticator() : undefined;
    const envelope = await sealEnvelope(keys, 'device-to-server', offer.enrolment, 1, {
      name,
      kind,
      ...(authenticator
        ? { webauthn: authenticator.register({ challenge: offer.challenge, rp: { id: offer.rpId } }, ORIGIN) }
        : { publicKey: toBase64url(spki) }),
      platform: 'test',
    });
    const completed = await api.app.inject({
      method: 'POST',
      url: '/api/v1/device/enrolment/complete',
      payload: { enrolment: offer.enrolment, deviceKey: toBase64url(ecdh.publicKey), envelope },
    });
    must(completed, 200, 'complete the enrolment');
    const device = new TestDevice(api, offer.enrolment, keys, signingKey, authenticator, offer.rpId);
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
    if (result.device !== offer.enrolment) throw new Error('the enrolment result names another device');
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
    must(response, 200, 'pending');
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

  /** Decides with this device's key (or `signingKey`, for an attack): an ECDSA signature, or a WebAuthn assertion. */
  async decide(approval: Approval, signingKey?: CryptoKey) {
    if (this.authenticator && !signingKey) {
      const webauthn = this.assert(toBase64url(await approvalChallenge(approval)));
      return this.send({ type: 'decide', approval, webauthn });
    }
    return this.send({
      type: 'decide',
      approval,
      signature: await signApproval(signingKey ?? this.signingKey.privateKey, approval),
    });
  }

  /** The offline code for an operation's QR text (its `device.offline`). */
  async offlineCode(qrText: string, at = new Date()): Promise<string> {
    const request = parseOfflineRequest(qrText);
    return offlineCode(this.keys.ocra, fromBase64url(request.digest), fromBase64url(request.challenge), at);
  }
}
