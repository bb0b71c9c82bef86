import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { encodeOfflineRequest, fromBase64url, offlineCodeMatches } from '@podpis/confirm';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StateFile, type AuthenticatorState } from '../src/cli/authenticator/state-file.js';
import {
  AUTHENTICATOR_ENTRY,
  runAuthenticator,
  exitCode,
  spawnTs,
  waitForLine,
  type CliResult,
} from './support/cli.js';
import { FakeDeviceServer } from './support/fake-device-server.js';

const PASSPHRASE = 'correct horse battery staple';

const state = (): AuthenticatorState => ({
  device: '5b0c4a36-1d2e-4f5a-8b9c-0d1e2f3a4b5c',
  server: 'https://podpis.example',
  name: 'laptop',
  account: 'Иванов И. И.',
  enrolledAt: '2026-12-05T20:00:00.000Z',
  channelSecret: 'c2VjcmV0LWNoYW5uZWwta2V5LW9mLTMyLWJ5dGVzISE',
  deviceKey: 'cHJpdmF0ZS1rZXktcGtjczgtZGVy',
  counters: { sent: 1, received: 1 },
});

/** A white PNG (8-bit RGB), which holds no QR code. */
function blankPng(size: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0xff)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the state file of podpis-authenticator', () => {
  const dir = tempDir('podpis-authenticator-');

  it('is written encrypted under the passphrase (mode 0600, no secret in clear) and opens with it', async () => {
    const path = join(dir, 'a', 'authenticator.json');
    const file = await StateFile.create(path, PASSPHRASE);
    await file.save(state());
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    const stored = JSON.parse(text) as Record<string, unknown>;
    expect(stored).toMatchObject({
      format: 'podpis-authenticator',
      version: 1,
      kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 },
      cipher: 'aes-256-gcm',
    });
    for (const secret of [state().channelSecret, state().deviceKey, state().device, 'laptop'])
      expect(text).not.toContain(secret);
    const opened = await StateFile.open(path, PASSPHRASE);
    expect(opened.state).toEqual(state());
  });

  it('refuses a wrong passphrase and an altered header alike (PASSPHRASE_WRONG)', async () => {
    const path = join(dir, 'b.json');
    await (await StateFile.create(path, PASSPHRASE)).save(state());
    await expect(StateFile.open(path, 'wrong passphrase')).rejects.toMatchObject({
      code: 'PASSPHRASE_WRONG',
    });
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { kdf: { p: number } };
    stored.kdf.p = 2;
    writeFileSync(path, JSON.stringify(stored));
    await expect(StateFile.open(path, PASSPHRASE)).rejects.toMatchObject({ code: 'PASSPHRASE_WRONG' });
  });

  it('is not overwritten by a new enrolment unless asked, and a missing one is named', async () => {
    const path = join(dir, 'c.json');
    await (await StateFile.create(path, PASSPHRASE)).save(state());
    await expect(StateFile.create(path, PASSPHRASE)).rejects.toMatchObject({ code: 'STATE_FILE_EXISTS' });
    await expect(StateFile.create(path, PASSPHRASE, true)).resolves.toBeInstanceOf(StateFile);
    await expect(StateFile.open(join(dir, 'none.json'), PASSPHRASE)).rejects.toMatchObject({
      code: 'STATE_FILE_NOT_FOUND',
    });
  });
});

describe('podpis-authenticator against a device endpoint (the protocol alone)', () => {
  const server = new FakeDeviceServer();
  let url: string;
  let dir: string;
  let env: Record<string, string>;
  let path: string;
  const run = (args: readonly string[]): Promise<CliResult> => runAuthenticator(args, env);
  const opened = async (): Promise<AuthenticatorState> => (await StateFile.open(path, PASSPHRASE)).state;

  beforeAll(async () => {
    url = await server.start();
    dir = tempDir('podpis-authenticator-');
    path = join(dir, 'authenticator.json');
    env = { PODPIS_AUTHENTICATOR_FILE: path, PODPIS_AUTHENTICATOR_PASSPHRASE: PASSPHRASE };
  });
  afterAll(() => server.stop());

  it('user enrols with the link → the state file holds the device, counters 1 and 1; a used code is refused', async () => {
    const enrolled = await run(['enrol', `${url}/mobile/#enrol=abcde-12345`, '--name', 'build server']);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain(`enrolled "build server" as a device of ${server.account}`);
    expect(await opened()).toMatchObject({
      device: server.enrolment,
      server: url,
      name: 'build server',
      counters: { sent: 1, received: 1 },
    });

    const status = await run(['status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`device:    ${server.enrolment}`);
    expect(status.stdout).toContain('counters:  sent 1, received 1');
    const secret = (await opened()).channelSecret;
    expect(status.stdout + status.stderr).not.toContain(secret);

    const again = await run(['enrol', `${url}/mobile/#enrol=ABCDE12345`, '--file', join(dir, 'other.json')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('[DEVICE_ENROLMENT_NOT_FOUND]');
    const existing = await run(['enrol', `${url}/mobile/#enrol=ABCDE12345`]);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain('[STATE_FILE_EXISTS]');
  });

  it('pending lists who asks, the certificate, each document and the verification code; each counter is saved before it is sent', async () => {
    const operation = await server.addOperation();
    server.onMessage = async (counter) => {
      expect((await opened()).counters.sent).toBe(counter);
    };
    const pending = await run(['pending']);
    expect(pending.code, pending.stderr).toBe(0);
    expect(pending.stdout).toContain(`operation ${operation.operation}`);
    expect(pending.stdout).toContain(`code:         ${operation.verificationCode}`);
    expect(pending.stdout).toContain('договор.pdf  12.1 KiB');
    expect(pending.stdout).toContain(`Streebog-256 ${operation.documents[0]!.digest}`);
    expect(pending.stdout).toContain(`${server.account} (serial 0a1b2c)`);
    const json = await run(['pending', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ operations: [operation] });
    expect((await opened()).counters).toEqual({ sent: 3, received: 3 });
  });

  it('approve without --yes and without a terminal asks nothing and sends nothing (exit 2)', async () => {
    const operation = server.operations[0]!;
    const before = server.decisions.length;
    const result = await run(['approve', operation.operation]);
    expect(result.code).toBe(2);
    expect(server.decisions.length).toBe(before);
  });

  it('approve --yes signs the approval with the device key → the server verifies it and the operation completes', async () => {
    const operation = server.operations[0]!;
    const result = await run(['approve', operation.operation, '--yes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`approved: operation ${operation.operation} is done (signed)`);
    expect(result.stderr).toContain(`code:         ${operation.verificationCode}`);
    expect(server.decisions.at(-1)).toEqual({
      operation: operation.operation,
      decision: 'approve',
      signatureValid: true,
    });
    const gone = await run(['approve', operation.operation, '--yes']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('[OPERATION_NOT_PENDING]');
  });

  it('decline sends a signed refusal', async () => {
    const operation = await server.addOperation();
    const result = await run(['decline', operation.operation, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      operation: operation.operation,
      decision: 'decline',
      outcome: 'declined',
    });
    expect(server.decisions.at(-1)).toMatchObject({ decision: 'decline', signatureValid: true });
  });

  it('watch --auto-approve approves what comes (polling when the server has no event stream)', async () => {
    const child = spawnTs(
      AUTHENTICATOR_ENTRY,
      ['watch', '--auto-approve', '--json', '--poll-ms', '200'],
      env,
    );
    try {
      const operation = await server.addOperation();
      const line = await waitForLine(child, /\{"operation".*\}\n/);
      expect(JSON.parse(line[0])).toEqual({
        operation: operation.operation,
        kind: 'sign',
        verificationCode: operation.verificationCode,
        outcome: 'completed',
      });
    } finally {
      child.kill('SIGTERM');
      // Ended before the next command, so its lock on the state file is gone or visibly stale.
      await exitCode(child);
    }
    expect(server.decisions.at(-1)).toMatchObject({ decision: 'approve', signatureValid: true });
  });

  it('watch --auto-approve hears the event stream: what was pending at once, then each hint', async () => {
    server.events = true;
    const first = await server.addOperation();
    const child = spawnTs(
      AUTHENTICATOR_ENTRY,
      ['watch', '--auto-approve', '--json', '--poll-ms', '600000'],
      env,
    );
    try {
      const line = await waitForLine(child, /\{"operation".*\}\n/);
      expect(JSON.parse(line[0])).toMatchObject({ operation: first.operation, outcome: 'completed' });
      await vi.waitFor(() => {
        expect(server.streams.size).toBe(1);
      });
      const second = await server.addOperation();
      const next = await waitForLine(child, /\{"operation".*\}\n/);
      expect(JSON.parse(next[0])).toMatchObject({ operation: second.operation, outcome: 'completed' });
    } finally {
      child.kill('SIGTERM');
      // Ended before the next command, so its lock on the state file is gone or visibly stale.
      await exitCode(child);
      server.events = false;
    }
  });

  it("an answer replayed by the server is refused and the device's received counter stays", async () => {
    const { received: before, sent } = (await opened()).counters;
    server.replayReplyTo = sent + 1;
    const result = await run(['pending']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[DEVICE_REPLY_REPLAYED]');
    expect((await opened()).counters.received).toBe(before);
  });

  it('a device whose counter went back (a restored copy of its file) is refused by the server: message [CODE]', async () => {
    const { file, state: current } = await StateFile.open(path, PASSPHRASE);
    await file.save({ ...current, counters: { ...current.counters, sent: 1 } });
    const result = await run(['pending']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^podpis-authenticator: .+ \[DEVICE_MESSAGE_REPLAYED\]\n$/);
  });

  it('offline gives the eight-digit code of the QR text with no network; the server accepts it', async () => {
    const operation = await server.addOperation();
    const text = encodeOfflineRequest({
      operation: operation.operation,
      kind: 'sign',
      holder: server.account,
      certificate: '0a1b2c',
      documents: [{ name: 'договор.pdf', size: 12_345 }],
      documentCount: 1,
      digest: operation.digest,
      challenge: operation.challenge,
      expiresAt: operation.expiresAt,
    });
    await server.stop();
    const result = await run(['offline', text]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`code:         ${operation.verificationCode}`);
    const code = /код подтверждения\): (\d{8})/.exec(result.stdout)?.[1];
    expect(code).toBeDefined();
    expect(
      await offlineCodeMatches(
        server.keys!.ocra,
        fromBase64url(operation.digest),
        fromBase64url(operation.challenge),
        code!,
        new Date(),
      ),
    ).toBe(true);

    const notOurs = await run(['offline', 'https://example.org/']);
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain('[OFFLINE_REQUEST_INVALID]');
    const image = join(dir, 'blank.png');
    writeFileSync(image, blankPng(64));
    const noQr = await run(['offline', '--qr-image', image]);
    expect(noQr.code).toBe(1);
    expect(noQr.stderr).toContain('[QR_NOT_FOUND]');
  });

  it('a wrong passphrase opens nothing and prints no secret', async () => {
    const result = await runAuthenticator(['status'], {
      ...env,
      PODPIS_AUTHENTICATOR_PASSPHRASE: 'not the passphrase',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[PASSPHRASE_WRONG]');
    expect(result.stderr).not.toContain(PASSPHRASE);
  });
});
