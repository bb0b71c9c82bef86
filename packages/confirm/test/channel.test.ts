import { describe, expect, it } from 'vitest';
import {
  approvalBytes,
  approvalChallenge,
  approvalTime,
  channelKeys,
  deriveChannelSecret,
  encodeOfflineRequest,
  enrolmentLink,
  exportEcdhPrivateKey,
  fromBase64url,
  generateDeviceKey,
  generateEcdhKeyPair,
  importEcdhPrivateKey,
  openEnvelope,
  operationDigest,
  parseApproval,
  parseEnrolmentLink,
  parseOfflineRequest,
  sealEnvelope,
  signApproval,
  toBase64url,
  verificationCode,
  verifyApprovalSignature,
  type Approval,
  type ChannelKeys,
} from '../src/index.js';

const DEVICE = '5b8f3c52-7c1e-4d7e-9a61-0d3f1c2b9e10';

async function pairedChannel(code = 'ABCDE-FGHJK'): Promise<{ server: ChannelKeys; device: ChannelKeys }> {
  const server = await generateEcdhKeyPair(true);
  const device = await generateEcdhKeyPair();
  // The server keeps its private key sealed between the two enrolment steps.
  const stored = await importEcdhPrivateKey(await exportEcdhPrivateKey(server.privateKey));
  const serverSecret = await deriveChannelSecret({
    privateKey: stored,
    peerPublicKey: device.publicKey,
    activationCode: code,
    device: DEVICE,
  });
  const deviceSecret = await deriveChannelSecret({
    privateKey: device.privateKey,
    peerPublicKey: server.publicKey,
    activationCode: code.toLowerCase().replace('-', ' '),
    device: DEVICE,
  });
  expect(toBase64url(deviceSecret)).toBe(toBase64url(serverSecret));
  return { server: await channelKeys(serverSecret), device: await channelKeys(deviceSecret) };
}

describe('base64url', () => {
  it('round-trips every length and refuses other alphabets', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(text)).toEqual(bytes);
    }
    expect(() => fromBase64url('ab+/')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => fromBase64url('abcde')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });
});

describe('enrolment channel', () => {
  it('carries messages each way; a replayed, reflected, altered or foreign message does not open', async () => {
    const { server, device } = await pairedChannel();
    const request = await sealEnvelope(device, 'device-to-server', DEVICE, 1, { type: 'pending' });
    expect(await openEnvelope(server, 'device-to-server', request, 0)).toEqual({ type: 'pending' });
    await expect(openEnvelope(server, 'device-to-server', request, 1)).rejects.toMatchObject({
      code: 'REPLAYED',
    });
    // Reflected: a device's message presented as the server's.
    await expect(openEnvelope(device, 'server-to-device', request, 0)).rejects.toMatchObject({
      code: 'NOT_AUTHENTIC',
    });
    // The counter is authenticated: raising it to slip past the replay check breaks the tag.
    await expect(
      openEnvelope(server, 'device-to-server', { ...request, counter: 2 }, 1),
    ).rejects.toMatchObject({ code: 'NOT_AUTHENTIC' });
    await expect(
      openEnvelope(server, 'device-to-server', { ...request, device: 'another' }, 0),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHENTIC',
    });
    const data = fromBase64url(request.data);
    data[0]! ^= 1;
    await expect(
      openEnvelope(server, 'device-to-server', { ...request, data: toBase64url(data) }, 0),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHENTIC',
    });
    const other = await pairedChannel();
    await expect(openEnvelope(other.server, 'device-to-server', request, 0)).rejects.toMatchObject({
      code: 'NOT_AUTHENTIC',
    });
    const reply = await sealEnvelope(server, 'server-to-device', DEVICE, 1, { type: 'ok', text: 'Подпись' });
    expect(await openEnvelope(device, 'server-to-device', reply, 0)).toEqual({ type: 'ok', text: 'Подпись' });
  });

  it('needs the activation code: a wrong one derives another channel', async () => {
    const server = await generateEcdhKeyPair();
    const device = await generateEcdhKeyPair();
    const a = await deriveChannelSecret({
      privateKey: server.privateKey,
      peerPublicKey: device.publicKey,
      activationCode: 'ABCDEFGHJK',
      device: DEVICE,
    });
    const b = await deriveChannelSecret({
      privateKey: device.privateKey,
      peerPublicKey: server.publicKey,
      activationCode: 'ABCDEFGHJM',
      device: DEVICE,
    });
    expect(toBase64url(a)).not.toBe(toBase64url(b));
    await expect(
      deriveChannelSecret({
        privateKey: server.privateKey,
        peerPublicKey: new Uint8Array(65).fill(4),
        activationCode: 'X',
        device: DEVICE,
      }),
    ).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('approvals', () => {
  const operation = {
    kind: 'sign' as const,
    id: DEVICE,
    certificate: '0A1B',
    items: ['00'.repeat(32), 'ff'.repeat(32)],
  };

  it('one digest names the operation, its certificate and every item in order', async () => {
    const digest = await operationDigest(operation);
    expect(digest).toHaveLength(32);
    const variants = [
      { ...operation, kind: 'decrypt' as const },
      { ...operation, certificate: '0A1C' },
      { ...operation, items: [...operation.items].reverse() },
      { ...operation, items: operation.items.slice(0, 1) },
    ];
    for (const variant of variants)
      expect(toBase64url(await operationDigest(variant))).not.toBe(toBase64url(digest));
    expect(toBase64url(await operationDigest({ ...operation, certificate: '0a1b' }))).toBe(
      toBase64url(digest),
    );
    await expect(operationDigest({ ...operation, items: ['xyz'] })).rejects.toMatchObject({
      code: 'MALFORMED',
    });
  });

  it('are signed by the device key over fixed text and verified with its public key', async () => {
    const digest = await operationDigest(operation);
    const approval: Approval = {
      operation: DEVICE,
      digest: toBase64url(digest),
      decision: 'approve',
      challenge: toBase64url(new Uint8Array(32).fill(1)),
      time: approvalTime(new Date('2026-12-05T10:00:00.789Z')),
    };
    expect(new TextDecoder().decode(approvalBytes(approval))).toBe(
      `podpis/approval/v1\noperation=${DEVICE}\ndigest=${approval.digest}\ndecision=approve\nchallenge=${approval.challenge}\ntime=2026-12-05T10:00:00Z`,
    );
    const key = await generateDeviceKey(false);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey));
    const signature = await signApproval(key.privateKey, approval);
    expect(await verifyApprovalSignature(spki, approval, signature)).toBe(true);
    expect(await verifyApprovalSignature(spki, { ...approval, decision: 'decline' }, signature)).toBe(false);
    const other = await generateDeviceKey(false);
    expect(
      await verifyApprovalSignature(
        new Uint8Array(await crypto.subtle.exportKey('spki', other.publicKey)),
        approval,
        signature,
      ),
    ).toBe(false);
    expect(await verifyApprovalSignature(spki, approval, 'AAAA')).toBe(false);
    expect(await approvalChallenge(approval)).toHaveLength(32);
    expect(parseApproval(JSON.parse(JSON.stringify(approval)))).toEqual(approval);
    for (const bad of [
      { ...approval, decision: 'maybe' },
      { ...approval, time: '2026-12-05' },
      { ...approval, digest: 'AA' },
      { ...approval, operation: 'x' },
      null,
    ]) {
      expect(() => parseApproval(bad)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    }
  });

  it('verification codes are four digits from the digest, spread over 0000–9999', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const code = await verificationCode(crypto.getRandomValues(new Uint8Array(32)));
      expect(code).toMatch(/^\d{4}$/);
      codes.add(code);
    }
    expect(codes.size).toBeGreaterThan(280);
    const digest = new Uint8Array(32).fill(3);
    expect(await verificationCode(digest)).toBe(await verificationCode(digest.slice()));
  });
});

describe('links and offline codes', () => {
  it('an enrolment link carries the server and the code in its fragment', () => {
    const link = enrolmentLink('https://podpis.example:8443/', 'abcde-fghjk');
    expect(link).toBe('https://podpis.example:8443/mobile/#enrol=ABCDEFGHJK');
    expect(parseEnrolmentLink(link)).toEqual({
      server: 'https://podpis.example:8443',
      activationCode: 'ABCDEFGHJK',
    });
    for (const bad of ['ftp://x/#enrol=ABCDEFGH', 'https://x/', 'not a link', 'https://x/#enrol=a']) {
      expect(() => parseEnrolmentLink(bad)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    }
  });

  it('an offline request round-trips through QR text and names at most five documents', () => {
    const request = {
      operation: DEVICE,
      kind: 'sign' as const,
      holder: 'Иванов Иван Иванович',
      certificate: '0A1B',
      documents: Array.from({ length: 7 }, (_, i) => ({ name: `договор-${i}.pdf`, size: 1000 + i })),
      documentCount: 7,
      digest: toBase64url(new Uint8Array(32)),
      challenge: toBase64url(new Uint8Array(16)),
      expiresAt: '2026-12-05T10:10:00Z',
    };
    const parsed = parseOfflineRequest(encodeOfflineRequest(request));
    expect(parsed.documents).toHaveLength(5);
    expect(parsed).toEqual({ ...request, documents: request.documents.slice(0, 5) });
    for (const bad of ['PODPIS-OFFLINE-1:{', 'hello', 'PODPIS-OFFLINE-1:{"operation":1}']) {
      expect(() => parseOfflineRequest(bad)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    }
  });
});
