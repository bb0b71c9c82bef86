import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTlsServerCertificate } from '../src/ca/tls-certificates.js';
import type { Db } from '../src/db/db.js';
import { TEST_PIN, TestApi, USER_PASSWORD } from './support/api.js';
import { setUpTestAuthorities } from './support/authority.js';
import {
  AUTHENTICATOR_ENTRY,
  runAuthenticator,
  exitCode,
  spawnTs,
  waitForLine,
  type CliResult,
} from './support/cli.js';
import { OPERATIONS } from './support/signing.js';
import { openTestPglite } from './support/backends.js';

type Headers = Record<string, string>;

/** The parts of a signing operation this test reads. */
interface Operation {
  id: string;
  status: string;
  confirmationMethods: string[];
  device?: { status: string; verificationCode: string; offline: string };
}

const PASSPHRASE = 'пароль устройства 2026';

describe('podpis-authenticator against a running Podpis server (HTTPS, its own CA)', () => {
  let db: Db;
  let api: TestApi;
  let dir: string;
  let server: string;
  let tlsCaFile: string;
  let session: Headers;
  let userId: string;
  let pinSerial: string;
  let env: Record<string, string>;

  const run = (args: readonly string[]): Promise<CliResult> => runAuthenticator(args, env);
  const ok = (result: CliResult): CliResult => {
    expect(result.code, result.stderr).toBe(0);
    return result;
  };

  /** The user starts signing one text document with `serial` in the cabinet. */
  const startSigning = async (serial: string, text = 'Договор поставки № 7\n'): Promise<Operation> => {
    const created = await api.app.inject({
      method: 'POST',
      url: OPERATIONS,
      headers: session,
      payload: {
        certificate: serial,
        format: 'cades',
        documents: [{ name: 'договор.txt', content: Buffer.from(text).toString('base64') }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<Operation>();
  };
  const operation = async (id: string): Promise<Operation> => {
    const response = await api.app.inject({ method: 'GET', url: `${OPERATIONS}/${id}`, headers: session });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Operation>();
  };
  const confirm = (id: string, payload: Record<string, unknown>) =>
    api.app.inject({ method: 'POST', url: `${OPERATIONS}/${id}/confirm`, headers: session, payload });

  beforeAll(async () => {
    dir = tempDir('podpis-authenticator-');
    db = await openTestPglite();
    const { ctx } = await setUpTestAuthorities(db);
    const tls = await issueTlsServerCertificate(ctx, ['localhost', '127.0.0.1'], 'system');
    api = await TestApi.start(ctx, { tls: { cert: tls.certificatePem, key: tls.keyPem, source: 'test' } });
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    server = `https://localhost:${(api.app.server.address() as AddressInfo).port}`;
    tlsCaFile = join(dir, 'tls-ca.pem');
    writeFileSync(tlsCaFile, tls.caCertificatePem);
    env = {
      PODPIS_AUTHENTICATOR_FILE: join(dir, 'authenticator.json'),
      PODPIS_AUTHENTICATOR_PASSPHRASE: PASSPHRASE,
    };

    const user = await api.registerUser('authenticator-alice');
    userId = user.id;
    session = await api.userSession(user);
    pinSerial = (await api.issue(user.id, TEST_PIN)).serial;
  }, 120_000);

  afterAll(async () => {
    await api.app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("user enrols the CLI with the cabinet's activation code → the device is in their list; the server's TLS is trusted through --ca-file", async () => {
    const started = await api.app.inject({
      method: 'POST',
      url: '/api/v1/me/devices/enrolments',
      headers: session,
    });
    expect(started.statusCode, started.body).toBe(201);
    const { activationCode } = started.json<{ activationCode: string }>();

    const untrusted = await run([
      'enrol',
      `${server}/mobile/#enrol=${activationCode}`,
      '--file',
      join(dir, 'x.json'),
    ]);
    expect(untrusted.code).toBe(3);
    expect(untrusted.stderr).toContain('[TLS_UNTRUSTED]');

    const enrolled = ok(
      await run([
        'enrol',
        `${server}/mobile/#enrol=${activationCode}`,
        '--name',
        'build server',
        '--ca-file',
        tlsCaFile,
      ]),
    );
    expect(enrolled.stdout).toContain('enrolled "build server"');
    const devices = await api.app.inject({ method: 'GET', url: '/api/v1/me/devices', headers: session });
    expect(devices.statusCode, devices.body).toBe(200);
    expect(JSON.stringify(devices.json())).toContain('build server');

    const status = ok(await run(['status']));
    expect(status.stdout).toContain(`server:    ${server} (TLS CA saved)`);
    expect(status.stdout).toContain('counters:  sent 1, received 1');
  });

  it('a PIN key: pending shows the operation with the browser\'s verification code → approve → "enter the PIN in the browser" → the PIN completes it', async () => {
    const started = await startSigning(pinSerial);
    expect(started.confirmationMethods).toEqual(['device+pin']);
    const code = started.device!.verificationCode;

    const pending = ok(await run(['pending']));
    expect(pending.stdout).toContain(`operation ${started.id}`);
    expect(pending.stdout).toContain(`code:         ${code}`);
    expect(pending.stdout).toContain('договор.txt');

    const preview = ok(await run(['preview', started.id, '1']));
    expect(preview.stdout).toBe('Договор поставки № 7\n');

    const approved = ok(await run(['approve', started.id, '--yes']));
    expect(approved.stdout).toContain("now enter the key's PIN in the browser");
    expect((await operation(started.id)).device?.status).toBe('approved');
    const confirmed = await confirm(started.id, { method: 'device+pin', pin: TEST_PIN.pin });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await operation(started.id)).status).toBe('completed');
  });

  it('a device-only key: approve completes the signing by itself; decline cancels another', async () => {
    const deviceKey = await api.issue(userId, { confirmation: 'device' });
    const signed = await startSigning(deviceKey.serial);
    expect(signed.confirmationMethods).toEqual(['device']);
    const approved = ok(await run(['approve', signed.id, '--yes', '--json']));
    expect(JSON.parse(approved.stdout)).toEqual({
      operation: signed.id,
      decision: 'approve',
      outcome: 'completed',
    });
    expect((await operation(signed.id)).status).toBe('completed');

    const refused = await startSigning(deviceKey.serial);
    expect(ok(await run(['decline', refused.id])).stdout).toContain(`declined: operation ${refused.id}`);
    expect((await operation(refused.id)).status).not.toBe('completed');
    expect((await operation(refused.id)).device?.status).toBe('declined');
  });

  it('decryption: pending shows what the key will decrypt; approve decrypts with a device-only key', async () => {
    const deviceKey = await api.issue(userId, { confirmation: 'device' });
    const secret = Buffer.from('Зарплатная ведомость за ноябрь');
    const encrypted = await api.app.inject({
      method: 'POST',
      url: '/api/v1/encryptions',
      headers: session,
      payload: { content: secret.toString('base64'), recipients: [{ serial: deviceKey.serial }] },
    });
    expect(encrypted.statusCode, encrypted.body).toBe(200);
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/decryption-operations',
      headers: session,
      payload: { certificate: deviceKey.serial, message: encrypted.rawPayload.toString('base64') },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<Operation>();

    expect(ok(await run(['pending'])).stdout).toContain('action:       decrypt (расшифровать)');
    expect(ok(await run(['approve', id, '--yes'])).stdout).toContain(
      `approved: operation ${id} is done (decrypted)`,
    );
    const done = await api.app.inject({
      method: 'GET',
      url: `/api/v1/decryption-operations/${id}`,
      headers: session,
    });
    expect(done.json<Operation>().status).toBe('completed');
  });

  it("offline: the code the CLI computes from the operation's QR text, with no network, confirms it", async () => {
    const deviceKey = await api.issue(userId, { confirmation: 'device' });
    const started = await startSigning(deviceKey.serial);
    const offline = ok(await run(['offline', started.device!.offline, '--json']));
    const { code, verificationCode } = JSON.parse(offline.stdout) as {
      code: string;
      verificationCode: string;
    };
    expect(verificationCode).toBe(started.device!.verificationCode);
    expect(code).toMatch(/^\d{8}$/);
    const confirmed = await confirm(started.id, { method: 'device', code });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await operation(started.id)).status).toBe('completed');
  });

  it('watch --auto-approve approves an operation as it is started (event stream)', async () => {
    const deviceKey = await api.issue(userId, { confirmation: 'device' });
    const child = spawnTs(AUTHENTICATOR_ENTRY, ['watch', '--auto-approve', '--json'], env);
    try {
      const started = await startSigning(deviceKey.serial);
      const line = await waitForLine(child, new RegExp(`\\{"operation":"${started.id}".*\\}\\n`));
      expect(JSON.parse(line[0])).toMatchObject({ outcome: 'completed' });
      expect((await operation(started.id)).status).toBe('completed');
    } finally {
      child.kill('SIGTERM');
      // Ended before the next command, so its lock on the state file is gone or visibly stale.
      await exitCode(child);
    }
  });

  it('a second device enrols with --server and --code (the code as the cabinet shows it, with its dash)', async () => {
    const started = await api.app.inject({
      method: 'POST',
      url: '/api/v1/me/devices/enrolments',
      headers: session,
    });
    const { activationCode } = started.json<{ activationCode: string }>();
    const second = join(dir, 'second.json');
    const enrolled = ok(
      await run([
        'enrol',
        '--server',
        server,
        '--code',
        activationCode,
        '--file',
        second,
        '--ca-file',
        tlsCaFile,
        '--json',
      ]),
    );
    expect(JSON.parse(enrolled.stdout)).toMatchObject({ server, file: second });
    const pending = ok(await run(['pending', '--file', second]));
    expect(pending.stdout).toContain('no operations await this device');

    // The user blocks it in the cabinet: it is refused with the server's code until unblocked.
    const { device } = JSON.parse(enrolled.stdout) as { device: string };
    const blocked = await api.app.inject({
      method: 'POST',
      url: `/api/v1/me/devices/${device}/block`,
      headers: session,
    });
    expect(blocked.statusCode, blocked.body).toBe(200);
    const refused = await run(['pending', '--file', second]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^podpis-authenticator: .+ \[DEVICE_BLOCKED\]\n$/);
  });

  it("a sign-in: pending shows who signs in from where with the browser's code → approve → the browser completes it", async () => {
    const post = (url: string, payload: Record<string, unknown>) =>
      api.app.inject({ method: 'POST', url, payload, headers: { 'user-agent': 'Firefox/140.0' } });
    const password = await post('/api/v1/session', { login: 'authenticator-alice', password: USER_PASSWORD });
    const { pendingToken, methods } = password.json<{ pendingToken: string; methods: string[] }>();
    expect(methods).toContain('device');
    const asked = await post('/api/v1/session/second-factor/device', { pendingToken });
    expect(asked.statusCode, asked.body).toBe(200);
    const { verificationCode } = asked.json<{ verificationCode: string }>();

    const pending = ok(await run(['pending']));
    const id = /operation (\S+)\n {2}code: {9}\d{4} .*\n {2}action: {7}sign-in/.exec(pending.stdout)?.[1];
    expect(id, pending.stdout).toBeDefined();
    expect(pending.stdout).toContain(`code:         ${verificationCode}`);
    expect(pending.stdout).toContain('account:      authenticator-alice');
    expect(pending.stdout).toContain('browser:      Firefox/140.0');
    const approved = ok(await run(['approve', id!, '--yes']));
    expect(approved.stdout).toContain('continues in the browser');
    const done = await post('/api/v1/session/second-factor', { pendingToken, device: true });
    expect(done.statusCode, done.body).toBe(200);
  });

  it('a replayed envelope (an older copy of the state file) is refused: DEVICE_MESSAGE_REPLAYED, exit 1', async () => {
    const older = join(dir, 'older.json');
    copyFileSync(env.PODPIS_AUTHENTICATOR_FILE!, older);
    ok(await run(['pending']));
    const replayed = await run(['pending', '--file', older]);
    expect(replayed.code).toBe(1);
    expect(replayed.stderr).toMatch(/^podpis-authenticator: .+ \[DEVICE_MESSAGE_REPLAYED\]\n$/);
  });
});
