import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureSystemTools, openssl, tempDir } from '@podpis/testkit';
import { CLI_ENTRY, exitCode, runCli, spawnTs, waitForLine } from './support/cli.js';
import { IVANOV } from '../../pki/test/support/subjects.js';

/**
 * The operator's manual ("Инструкция Оператора УЦ": registration of a user,
 * the first certificate, its print form, suspend / resume / revoke / delete)
 * walked end to end against a real `podpis serve` process: HTTPS with real
 * mTLS client certificates for the administrator and the operator, a
 * password session for the user, and OpenSSL asking the plain-HTTP PKI
 * listener (OCSP, CRL) about the certificate.
 */

interface ClientCertificate {
  file: string;
  password: string;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  text: string;
}

interface CallOptions {
  method?: string;
  body?: unknown;
  pfx?: ClientCertificate;
  headers?: Record<string, string>;
}

interface Account {
  id: string;
  login: string;
  role: string;
}

interface Certificate {
  serial: string;
  status: string;
  subject: string;
  revocationReason: string | null;
}

/** One HTTPS request trusting only the installation's infrastructure CA, with an optional PKCS#12 client certificate. */
function call(url: string, ca: string, options: CallOptions = {}): Promise<Answer> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        agent: false,
        headers: {
          // As a script with a client certificate says it is not a cross-site form (bodiless DELETEs need it).
          'x-requested-with': 'curl',
          ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.pfx ? { pfx: readFileSync(options.pfx.file), passphrase: options.pfx.password } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: raw.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The answer's JSON after checking its status; a mismatch fails with the step, the request and the body. */
function expectStatus(step: string, answer: Answer, status: number): unknown {
  expect(answer.status, `${step}: expected HTTP ${status}, got ${answer.status}: ${answer.text}`).toBe(
    status,
  );
  return answer.text === '' ? undefined : (JSON.parse(answer.text) as unknown);
}

async function download(url: string, file: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status, `GET ${url}`).toBe(200);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

const children: ReturnType<typeof spawnTs>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the operator manual, end to end over HTTPS with mTLS against a running server', () => {
  it('administrator registers an operator → operator registers a user and issues, prints, suspends, resumes, revokes and deletes the certificate → the operator certificate is revoked → the audit chain holds', async () => {
    ensureSystemTools();
    const dataDir = tempDir('podpis-manual-data-');
    const work = tempDir('podpis-manual-');

    // Step 1. A new installation: `podpis serve --init-if-empty` creates the CAs and the administrator (admin.p12).
    const server = spawnTs(CLI_ENTRY, ['serve', '--init-if-empty'], {
      PODPIS_DATA_DIR: dataDir,
      PODPIS_PORT: '0',
    });
    children.push(server);
    const banner = (await waitForLine(server, /Press Ctrl\+C to stop/)).input;
    const api = `${/is running at (https:\/\/localhost:\d+)/.exec(banner)?.[1] ?? ''}/api/v1`;
    const pki = `${/PKI: +(http:\/\/localhost:\d+)/.exec(banner)?.[1] ?? ''}/pki`;
    const admin: ClientCertificate = {
      file: /file: +(\S+admin\.p12)/.exec(banner)?.[1] ?? '',
      password: /password: (\S+)/.exec(banner)?.[1] ?? '',
    };
    expect(api, `the server banner names the HTTPS URL: ${banner}`).toMatch(
      /^https:\/\/localhost:\d+\/api\/v1$/,
    );
    expect(pki, `the server banner names the PKI URL: ${banner}`).toMatch(/^http:\/\/localhost:\d+\/pki$/);
    expect(admin.file, `the server banner names admin.p12: ${banner}`).toBe(join(dataDir, 'admin.p12'));
    expect(admin.password, 'the server banner shows the admin.p12 password').not.toBe('');
    const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');

    // Step 2 (manual §1: «Оператор должен быть зарегистрирован в СЭП Администратором УЦ»):
    // the administrator registers the operator and issues the certificate the operator signs in with.
    const operatorAccount = expectStatus(
      'admin registers operator1',
      await call(`${api}/operators`, ca, {
        pfx: admin,
        body: { login: 'operator1', displayName: 'Петров Пётр' },
      }),
      201,
    ) as Account;
    expect(operatorAccount).toMatchObject({ login: 'operator1', role: 'operator' });
    const bundle = expectStatus(
      "admin issues operator1's client certificate",
      await call(`${api}/operators/${operatorAccount.id}/client-certificate`, ca, { pfx: admin, body: {} }),
      201,
    ) as { serial: string; pkcs12: string; password: string };
    const operator: ClientCertificate = { file: join(work, 'operator1.p12'), password: bundle.password };
    writeFileSync(operator.file, Buffer.from(bundle.pkcs12, 'base64'), { mode: 0o600 });
    const operators = expectStatus(
      'admin lists operators',
      await call(`${api}/operators`, ca, { pfx: admin }),
      200,
    ) as Account[];
    expect(operators.map((a) => [a.login, a.role]).sort()).toEqual([
      ['admin', 'admin'],
      ['operator1', 'operator'],
    ]);

    // Step 3 (manual §2.1 «Регистрация нового Пользователя»): the operator signs in with the certificate,
    // fills in the registration form and gets the user's temporary password.
    const registered = expectStatus(
      'operator registers the user',
      await call(`${api}/users`, ca, { pfx: operator, body: { login: 'ivanov', profile: IVANOV } }),
      201,
    ) as { user: Account; temporaryPassword: string };
    const userId = registered.user.id;
    expect(registered.user).toMatchObject({ login: 'ivanov', role: 'user', mustChangePassword: true });
    expect(registered.temporaryPassword.length).toBeGreaterThanOrEqual(8);

    // Step 4 (manual §2.1.7: «После первого самостоятельного входа пользователь должен сменить
    // полученный пароль»): the temporary password opens a session good only for changing it.
    const login = await call(`${api}/session`, ca, {
      body: { login: 'ivanov', password: registered.temporaryPassword },
    });
    const session = expectStatus('the user logs in with the temporary password', login, 200) as {
      csrfToken: string;
      mustChangePassword: boolean;
    };
    expect(session.mustChangePassword).toBe(true);
    const cookie = (login.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith('podpis_session='));
    expect(cookie, `the login sets podpis_session: ${String(login.headers['set-cookie'])}`).toBeDefined();
    const user = { cookie: cookie ?? '', 'x-csrf-token': session.csrfToken };
    expect(
      expectStatus(
        'before the password change the session is only good for changing it',
        await call(`${api}/me/certificates`, ca, { headers: user }),
        403,
      ) as { code: string },
    ).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expectStatus(
      'the user changes the temporary password',
      await call(`${api}/session/password`, ca, {
        headers: user,
        body: { password: registered.temporaryPassword, newPassword: 'Moscow2026' },
      }),
      204,
    );
    expect(
      expectStatus(
        'after the change the user sees their (empty) certificate list',
        await call(`${api}/me/certificates`, ca, { headers: user }),
        200,
      ) as Certificate[],
    ).toEqual([]);

    // Step 5 (manual §3 «Создание первого сертификата Пользователя»): the request with the key password
    // entered twice («Новый пароль» and «Подтверждение»); the default GOST key; the certificate is issued.
    const issued = expectStatus(
      'operator creates the certificate request (default GOST key)',
      await call(`${api}/users/${userId}/certificates`, ca, {
        pfx: operator,
        body: { pin: '12345678', pinConfirmation: '12345678' },
      }),
      201,
    ) as Certificate;
    expect(issued).toMatchObject({ status: 'valid', revocationReason: null });
    const serial = issued.serial;
    const certUrl = `${api}/certificates/${serial}`;
    const userCertificates = `${api}/users/${userId}/certificates`;
    expect(
      (
        expectStatus(
          "operator's view of the user's certificates",
          await call(userCertificates, ca, { pfx: operator }),
          200,
        ) as Certificate[]
      ).map((c) => [c.serial, c.status]),
    ).toEqual([[serial, 'valid']]);
    expect(
      (
        expectStatus(
          "the user's own list",
          await call(`${api}/me/certificates`, ca, { headers: user }),
          200,
        ) as Certificate[]
      ).map((c) => c.serial),
    ).toEqual([serial]);

    // Step 5, §3.10 «Просмотр»: the certificate's details name the holder.
    const view = expectStatus(
      'operator views the certificate',
      await call(certUrl, ca, { pfx: operator }),
      200,
    ) as Certificate & { details: { serialNumber: string; qualified: Record<string, string> } };
    expect(view.subject).toContain('CN=Иванов Иван Иванович');
    expect(view.subject).toContain('ПАО «Пример»');
    expect(view.details.serialNumber).toBe(serial);
    expect(view.details.qualified).toMatchObject({ snils: '11223344595', inn: '500100732259' });

    // Step 5, §3.11 «Печать»: the print form (PDF) with the holder and the serial, hex in upper-case pairs.
    const form = await call(`${certUrl}/print-form`, ca, { pfx: operator });
    expect(form.status, `print form: ${form.text.slice(0, 200)}`).toBe(200);
    expect(form.headers['content-type']).toBe('application/pdf');
    writeFileSync(join(work, 'form.pdf'), form.raw);
    const formText = execFileSync('pdftotext', [join(work, 'form.pdf'), '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    const printedSerial = (serial.match(/.{1,2}/g) ?? []).join(' ').toUpperCase();
    expect(formText, `the print form names the holder: ${formText}`).toContain('Иванов Иван Иванович');
    expect(formText, `the print form shows the serial: ${formText}`).toContain(
      `Серийный номер: ${printedSerial}`,
    );

    // Step 6 (manual §5 «Управление сертификатами Пользователей»), §5.6 «Скачать»: the certificate (PEM)
    // and the CA certificates from the plain-HTTP PKI listener, for OpenSSL to ask the OCSP responder.
    const userPem = join(work, 'user.pem');
    const pem = await call(`${certUrl}/download?format=pem`, ca, { pfx: operator });
    expect(pem.status, `download: ${pem.text.slice(0, 200)}`).toBe(200);
    expect(pem.text).toMatch(/^-----BEGIN CERTIFICATE-----/);
    writeFileSync(userPem, pem.text);
    const rootPem = await download(`${pki}/ca/root.pem`, join(work, 'root.pem'));
    const issuingPem = await download(`${pki}/ca/issuing.pem`, join(work, 'issuing.pem'));
    const chainPem = join(work, 'chain.pem');
    writeFileSync(chainPem, readFileSync(issuingPem, 'utf8') + readFileSync(rootPem, 'utf8'));
    const ocspStatus = (): string => {
      const result = openssl([
        'ocsp',
        '-issuer',
        issuingPem,
        '-cert',
        userPem,
        '-url',
        `${pki}/ocsp`,
        '-CAfile',
        rootPem,
        '-verify_other',
        issuingPem,
      ]);
      expect(result.stderr, 'OpenSSL verifies the OCSP response').toContain('Response verify OK');
      return result.stdout.toString();
    };
    expect(ocspStatus()).toContain('user.pem: good');

    // Step 6, §5.4 «Приостановить» → OCSP: revoked, certificateHold.
    expect(
      expectStatus(
        'operator suspends',
        await call(`${certUrl}/suspend`, ca, { pfx: operator, body: {} }),
        200,
      ) as Certificate,
    ).toMatchObject({ status: 'suspended' });
    const held = ocspStatus();
    expect(held).toContain('user.pem: revoked');
    expect(held).toContain('Reason: certificateHold');

    // Step 6, §5.4 «Возобновить» → OCSP: good.
    expect(
      expectStatus(
        'operator resumes',
        await call(`${certUrl}/resume`, ca, { pfx: operator, body: {} }),
        200,
      ) as Certificate,
    ).toMatchObject({ status: 'valid' });
    expect(ocspStatus()).toContain('user.pem: good');

    // Step 6, §5.4 «Отозвать» → OCSP: revoked, keyCompromise; the issuing CA's CRL (signature verified) lists it.
    expect(
      expectStatus(
        'operator revokes',
        await call(`${certUrl}/revoke`, ca, { pfx: operator, body: { reason: 'keyCompromise' } }),
        200,
      ) as Certificate,
    ).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    const revoked = ocspStatus();
    expect(revoked).toContain('user.pem: revoked');
    expect(revoked).toContain('Reason: keyCompromise');
    const crlFile = await download(`${pki}/crl/issuing.crl`, join(work, 'issuing.crl'));
    const crl = openssl(['crl', '-inform', 'DER', '-in', crlFile, '-CAfile', chainPem, '-noout', '-text']);
    expect(crl.stderr, 'OpenSSL verifies the CRL signature').toContain('verify OK');
    const crlSerials = [...crl.stdout.toString().matchAll(/Serial Number: ([0-9A-F]+)/g)].map((m) =>
      (m[1] ?? '').toLowerCase().replace(/^0+/, ''),
    );
    expect(crlSerials, 'the CRL lists the revoked certificate').toContain(
      serial.toLowerCase().replace(/^0+/, ''),
    );
    expect(crl.stdout.toString()).toContain('Key Compromise');

    // Step 6, §5.5 «Удалить»: a revoked certificate is removed from the user's list.
    const deleted = await call(certUrl, ca, { pfx: operator, method: 'DELETE' });
    expect([200, 204], `operator deletes the certificate: ${deleted.status} ${deleted.text}`).toContain(
      deleted.status,
    );
    expect(
      expectStatus(
        'the list after deletion',
        await call(userCertificates, ca, { pfx: operator }),
        200,
      ) as Certificate[],
    ).toEqual([]);

    // Step 7: the administrator revokes the operator's client certificate; the operator's next call is refused.
    expect(
      expectStatus(
        "admin revokes the operator's client certificate",
        await call(`${api}/operators/${operatorAccount.id}/client-certificate/${bundle.serial}/revoke`, ca, {
          pfx: admin,
          body: {},
        }),
        200,
      ) as { status: string },
    ).toMatchObject({ status: 'revoked' });
    expect(
      expectStatus(
        'the operator with a revoked certificate is refused',
        await call(`${api}/users`, ca, { pfx: operator }),
        401,
      ) as { code: string },
    ).toMatchObject({ code: 'CLIENT_CERTIFICATE_REVOKED' });
    const clientCertificates = expectStatus(
      "admin lists the operator's client certificates",
      await call(`${api}/client-certificates?accountId=${operatorAccount.id}`, ca, { pfx: admin }),
      200,
    ) as Certificate[];
    expect(clientCertificates.map((c) => [c.serial, c.status, c.revocationReason])).toEqual([
      [bundle.serial, 'revoked', 'cessationOfOperation'],
    ]);

    // Step 7, administrator's cabinet (M8.2): the audit log, filtered, and its chain check.
    const auditLog = expectStatus(
      'admin reads the certificate actions of the audit log',
      await call(`${api}/audit?action=certificate.&limit=100`, ca, { pfx: admin }),
      200,
    ) as { total: number; items: { action: string; target: string | null; actor: string }[] };
    expect(auditLog.items.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'certificate.issue',
        'certificate.suspend',
        'certificate.resume',
        'certificate.revoke',
        'certificate.delete',
      ]),
    );
    expect(auditLog.items.every((r) => r.action.startsWith('certificate.'))).toBe(true);
    expect(auditLog.total).toBe(auditLog.items.length);
    expect(
      expectStatus(
        'admin verifies the audit chain',
        await call(`${api}/audit/verify`, ca, { pfx: admin, body: {} }),
        200,
      ),
    ).toMatchObject({ ok: true });

    // Step 8: the server stops on SIGTERM; `podpis audit verify` finds the audit chain intact.
    server.kill('SIGTERM');
    expect(await exitCode(server), 'the server stops cleanly on SIGTERM').toBe(0);
    const audit = await runCli(['audit', 'verify'], { PODPIS_DATA_DIR: dataDir });
    expect(audit.code, `podpis audit verify: ${audit.stdout}${audit.stderr}`).toBe(0);
    const checked = Number(/^OK: (\d+) audit records/.exec(audit.stdout)?.[1] ?? 0);
    // Every step above left records (issue, suspend, resume, revoke, delete, logins…): this is our data dir.
    expect(checked, `podpis audit verify: ${audit.stdout}`).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
