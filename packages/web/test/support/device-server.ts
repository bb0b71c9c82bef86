import { randomUUID } from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import {
  approvalChallenge,
  channelKeys,
  deriveChannelSecret,
  fromBase64url,
  fromUtf8,
  generateEcdhKeyPair,
  openEnvelope,
  operationDigest,
  parseApproval,
  sealEnvelope,
  toBase64url,
  utf8,
  verificationCode,
  type ChannelKeys,
  type DeviceReply,
  type DeviceRequest,
  type EcdhKeyPair,
  type EnrolmentCompletion,
  type EnrolmentOffer,
  type EnrolmentRegistration,
  type EnrolmentResult,
  type Envelope,
  type PendingOperation,
} from '@podpis/confirm';

/**
 * The server's side of the device contract (`@podpis/confirm`'s
 * messages.ts), played in the test process behind the phone page's
 * network: the PWA is checked against the contract itself, one operation
 * awaiting, whatever the server's own implementation does.
 */
/** An XML document's preview; its note is markup as text, which the phone must show as text. */
export const XML_PREVIEW =
  '<?xml version="1.0" encoding="UTF-8"?><Акт номер="7"><Сумма валюта="RUB">1000</Сумма>' +
  '<Примечание>&lt;img src=x onerror=alert(1)&gt;</Примечание></Акт>';

export class ContractServer {
  readonly activationCode = 'AB12CD34EF';
  readonly device = randomUUID();
  private pair: EcdhKeyPair | undefined;
  private keys: ChannelKeys | undefined;
  private received = 1;
  private sent = 1;
  registration: EnrolmentRegistration | undefined;
  decisions: { decision: string; challengeMatches: boolean; userVerified: boolean }[] = [];
  readonly operation: Promise<PendingOperation>;

  constructor() {
    this.operation = (async () => {
      const id = randomUUID();
      const digest = await operationDigest({
        kind: 'sign',
        id,
        certificate: 'ab12',
        items: ['00'.repeat(32)],
      });
      return {
        operation: id,
        kind: 'sign',
        requester: { kind: 'cabinet' },
        certificate: { serial: 'ab12', holder: 'Иванов Иван Иванович' },
        format: 'CAdES-BES',
        documents: [
          {
            name: 'act.txt',
            size: 14,
            digest: '00'.repeat(32),
            digestAlgorithm: '2.16.840.1.101.3.4.2.1',
            preview: true,
          },
          {
            name: 'act.xml',
            size: XML_PREVIEW.length,
            digest: '11'.repeat(32),
            digestAlgorithm: '2.16.840.1.101.3.4.2.1',
            preview: true,
          },
        ],
        digest: toBase64url(digest),
        challenge: toBase64url(crypto.getRandomValues(new Uint8Array(32))),
        verificationCode: await verificationCode(digest),
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
        pinAfterApproval: false,
      };
    })();
  }

  /** The keys of the channel, once the phone has enrolled. */
  channel(): ChannelKeys {
    if (!this.keys) throw new Error('not enrolled');
    return this.keys;
  }

  async attach(page: Page): Promise<void> {
    await page.route('**/api/v1/device/**', (route) => this.answer(route));
  }

  private async answer(route: Route): Promise<void> {
    const path = new URL(route.request().url()).pathname;
    const body = route.request().postDataJSON() as unknown;
    try {
      if (path === '/api/v1/device/enrolment') {
        const { activationCode } = body as { activationCode: string };
        if (activationCode !== this.activationCode) {
          await route.fulfill({ status: 404, json: { code: 'DEVICE_ENROLMENT_NOT_FOUND' } });
          return;
        }
        this.pair = await generateEcdhKeyPair();
        const offer: EnrolmentOffer = {
          enrolment: this.device,
          serverKey: toBase64url(this.pair.publicKey),
          challenge: toBase64url(crypto.getRandomValues(new Uint8Array(32))),
          account: 'Иванов Иван Иванович',
          rpId: 'localhost',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        };
        await route.fulfill({ json: offer });
      } else if (path === '/api/v1/device/enrolment/complete') {
        const completion = body as EnrolmentCompletion;
        if (!this.pair) throw new Error('no offer');
        const secret = await deriveChannelSecret({
          privateKey: this.pair.privateKey,
          peerPublicKey: fromBase64url(completion.deviceKey),
          activationCode: this.activationCode,
          device: this.device,
        });
        this.keys = await channelKeys(secret);
        this.registration = (await openEnvelope(
          this.keys,
          'device-to-server',
          completion.envelope,
          0,
        )) as EnrolmentRegistration;
        const result: EnrolmentResult = {
          type: 'enrolled',
          device: this.device,
          name: this.registration.name,
          account: 'Иванов Иван Иванович',
          vapidPublicKey: toBase64url(new Uint8Array(65)),
          offlineSuite: 'OCRA-1:HOTP-SHA256-8:QH40-T1M',
        };
        await route.fulfill({
          json: { envelope: await sealEnvelope(this.keys, 'server-to-device', this.device, 1, result) },
        });
      } else if (path === '/api/v1/device/messages') {
        const { envelope } = body as { envelope: Envelope };
        const keys = this.channel();
        const message = (await openEnvelope(
          keys,
          'device-to-server',
          envelope,
          this.received,
        )) as DeviceRequest;
        this.received = envelope.counter;
        const reply = await this.reply(message);
        this.sent += 1;
        await route.fulfill({
          json: { envelope: await sealEnvelope(keys, 'server-to-device', this.device, this.sent, reply) },
        });
      } else {
        await route.fulfill({ status: 404, json: { code: 'NOT_FOUND' } });
      }
    } catch (error) {
      await route.fulfill({ status: 401, json: { code: 'DEVICE_MESSAGE_INVALID', detail: String(error) } });
    }
  }

  private async reply(message: DeviceRequest): Promise<DeviceReply> {
    const operation = await this.operation;
    switch (message.type) {
      case 'pending':
        return { type: 'pending', operations: this.decisions.length > 0 ? [] : [operation] };
      case 'preview':
        return {
          type: 'preview',
          operation: message.operation,
          document: message.document,
          ...(message.document === 1
            ? { mediaType: 'application/xml', content: toBase64url(utf8(XML_PREVIEW)) }
            : { mediaType: 'text/plain', content: toBase64url(utf8('Акт сверки № 7')) }),
          truncated: false,
        };
      case 'decide': {
        const approval = parseApproval(message.approval);
        const assertion = message.webauthn as {
          response: { clientDataJSON: string; authenticatorData: string };
        };
        const clientData = JSON.parse(fromUtf8(fromBase64url(assertion.response.clientDataJSON))) as {
          challenge: string;
        };
        const flags = fromBase64url(assertion.response.authenticatorData)[32] ?? 0;
        this.decisions.push({
          decision: approval.decision,
          challengeMatches:
            clientData.challenge === toBase64url(await approvalChallenge(approval)) &&
            approval.digest === operation.digest &&
            approval.challenge === operation.challenge,
          // The UV bit of the authenticator data: the phone's PIN or biometrics were checked.
          userVerified: (flags & 0x04) !== 0,
        });
        return {
          type: 'decided',
          operation: approval.operation,
          outcome: approval.decision === 'approve' ? 'completed' : 'declined',
        };
      }
      case 'push':
        return { type: 'ok' };
    }
  }
}
