import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  OFFLINE_SUITE,
  channelKeys,
  deriveChannelSecret,
  fromBase64url,
  generateEcdhKeyPair,
  openEnvelope,
  operationDigest,
  parseApproval,
  sealEnvelope,
  toBase64url,
  toHex,
  verificationCode,
  verifyApprovalSignature,
  type ChannelKeys,
  type DeviceReply,
  type DeviceRequest,
  type EnrolmentCompletion,
  type EnrolmentRegistration,
  type Envelope,
  type PendingOperation,
} from '@podpis/confirm';

/** A decision the fake server received, and whether its signature was the device key's. */
export interface ReceivedDecision {
  operation: string;
  decision: string;
  signatureValid: boolean;
}

/**
 * The server side of the device protocol and nothing else, over plain
 * HTTP on 127.0.0.1: enough to run podpis-authenticator end to end without
 * a Podpis server, and to make the server misbehave (replay an answer).
 */
export class FakeDeviceServer {
  readonly activationCode = 'ABCDE12345';
  readonly enrolment = randomUUID();
  readonly account = 'Иванов Иван Иванович';
  operations: PendingOperation[] = [];
  readonly decisions: ReceivedDecision[] = [];
  /** Counters of the requests as they came, for checking what the device saved before sending. */
  readonly requestCounters: number[] = [];
  /** Called with each message's counter before it is answered. */
  onMessage: (counter: number) => Promise<void> = () => Promise.resolve();
  /**
   * Answers the message with this counter with the previous answer again (a
   * replayed or reordered reply). Named by counter, not "the next one": a
   * request of a command killed just before still in flight would take it.
   */
  replayReplyTo: number | undefined;
  /** Whether POST /device/events streams hints; else it is a 404, as on a server without it. */
  events = false;
  /** Event streams open now. */
  readonly streams = new Set<ServerResponse>();
  keys: ChannelKeys | undefined;

  private server: Server | undefined;
  private serverEcdh: Awaited<ReturnType<typeof generateEcdhKeyPair>> | undefined;
  private deviceKey: Uint8Array<ArrayBuffer> | undefined;
  private lastFromDevice = 0;
  private toDevice = 0;
  private lastReply: Envelope | undefined;
  /** The activation code is single-use, as the server's. */
  private enrolled = false;

  async start(): Promise<string> {
    this.serverEcdh = await generateEcdhKeyPair();
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.send(response, 500, { code: 'INTERNAL', detail: String(error) });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    for (const stream of this.streams) stream.end();
    return new Promise((resolve) => {
      if (this.server)
        this.server.close(() => {
          resolve();
        });
      else resolve();
    });
  }

  /** A signing operation of one document waiting for the device. */
  async addOperation(): Promise<PendingOperation> {
    const id = randomUUID();
    const digestHex = toHex(randomBytes(32));
    const digest = await operationDigest({ kind: 'sign', id, certificate: '0a1b2c', items: [digestHex] });
    const now = Date.now();
    const operation: PendingOperation = {
      operation: id,
      kind: 'sign',
      requester: { kind: 'cabinet' },
      certificate: { serial: '0a1b2c', holder: this.account },
      format: 'cades',
      documents: [
        {
          name: 'договор.pdf',
          size: 12_345,
          digest: digestHex,
          digestAlgorithm: '1.2.643.7.1.1.2.2',
          preview: true,
        },
      ],
      digest: toBase64url(digest),
      challenge: toBase64url(randomBytes(32)),
      verificationCode: await verificationCode(digest),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 300_000).toISOString(),
      pinAfterApproval: false,
    };
    this.operations.push(operation);
    for (const stream of this.streams) stream.write('event: pending\ndata: {}\n\n');
    return operation;
  }

  private send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
    });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const refuse = (status: number, code: string): void => {
      this.send(response, status, { code, detail: code.toLowerCase().replace(/_/g, ' ') });
    };
    switch (request.url) {
      case '/api/v1/device/enrolment':
        if (this.enrolled || body.activationCode !== this.activationCode) {
          refuse(404, 'DEVICE_ENROLMENT_NOT_FOUND');
          return;
        }
        {
          this.send(response, 200, {
            enrolment: this.enrolment,
            serverKey: toBase64url(this.serverEcdh!.publicKey),
            challenge: toBase64url(randomBytes(32)),
            account: this.account,
            rpId: '127.0.0.1',
            expiresAt: new Date(Date.now() + 600_000).toISOString(),
          });
          return;
        }
      case '/api/v1/device/enrolment/complete': {
        const completion = body as unknown as EnrolmentCompletion;
        const secret = await deriveChannelSecret({
          privateKey: this.serverEcdh!.privateKey,
          peerPublicKey: fromBase64url(completion.deviceKey),
          activationCode: this.activationCode,
          device: this.enrolment,
        });
        this.keys = await channelKeys(secret);
        const registration = (await openEnvelope(
          this.keys,
          'device-to-server',
          completion.envelope,
          0,
        )) as EnrolmentRegistration;
        this.deviceKey = fromBase64url(registration.publicKey ?? '');
        this.lastFromDevice = completion.envelope.counter;
        this.enrolled = true;
        return this.reply(response, {
          type: 'enrolled',
          device: this.enrolment,
          name: registration.name,
          account: this.account,
          vapidPublicKey: '',
          offlineSuite: OFFLINE_SUITE,
        });
      }
      case '/api/v1/device/events': {
        const envelope = body.envelope as Envelope;
        if (!this.events) {
          refuse(404, 'NOT_FOUND');
          return;
        }
        await openEnvelope(this.keys!, 'device-to-server', envelope, this.lastFromDevice);
        this.lastFromDevice = envelope.counter;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // Split across writes, as a network may deliver it.
        response.write(': podpis\n\nevent: pen');
        response.write('ding\ndata: {}\n\n');
        this.streams.add(response);
        response.on('close', () => this.streams.delete(response));
        return;
      }
      case '/api/v1/device/messages': {
        const envelope = body.envelope as Envelope;
        if (envelope.counter <= this.lastFromDevice) {
          refuse(409, 'DEVICE_MESSAGE_REPLAYED');
          return;
        }
        const message = (await openEnvelope(
          this.keys!,
          'device-to-server',
          envelope,
          this.lastFromDevice,
        )) as DeviceRequest;
        this.lastFromDevice = envelope.counter;
        this.requestCounters.push(envelope.counter);
        await this.onMessage(envelope.counter);
        if (message.type === 'pending')
          return this.reply(response, { type: 'pending', operations: this.operations }, envelope.counter);
        if (message.type === 'decide') {
          const approval = parseApproval(message.approval);
          const signatureValid = await verifyApprovalSignature(
            this.deviceKey!,
            approval,
            message.signature ?? '',
          );
          this.decisions.push({ operation: approval.operation, decision: approval.decision, signatureValid });
          if (!signatureValid) {
            refuse(403, 'DEVICE_APPROVAL_INVALID');
            return;
          }
          this.operations = this.operations.filter((o) => o.operation !== approval.operation);
          return this.reply(
            response,
            {
              type: 'decided',
              operation: approval.operation,
              outcome: approval.decision === 'approve' ? 'completed' : 'declined',
            },
            envelope.counter,
          );
        }
        refuse(400, 'DEVICE_MESSAGE_INVALID');
        return;
      }
      default: {
        refuse(404, 'NOT_FOUND');
        return;
      }
    }
  }

  private async reply(
    response: ServerResponse,
    message: DeviceReply | Record<string, unknown>,
    counter?: number,
  ): Promise<void> {
    const replay = counter !== undefined && counter === this.replayReplyTo && this.lastReply;
    const envelope = replay
      ? this.lastReply!
      : await sealEnvelope(this.keys!, 'server-to-device', this.enrolment, ++this.toDevice, message);
    this.lastReply = envelope;
    this.send(response, 200, { envelope });
  }
}
