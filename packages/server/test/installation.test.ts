import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { CLI_ENTRY, exitCode, runCli, spawnTs, waitForLine } from './support/cli.js';

interface Response {
  status: number;
  body: string;
}

/** An HTTPS request that trusts only our infrastructure CA and presents the PKCS#12 client certificate if given. */
function get(url: string, ca: string, pfx?: { file: string; password: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca, agent: false, ...(pfx ? { pfx: readFileSync(pfx.file), passphrase: pfx.password } : {}) },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const children: ReturnType<typeof spawnTs>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('a new installation (npm start: podpis serve --init-if-empty)', () => {
  it('creates the CAs and the administrator, who signs in with the PKCS#12; PKI services answer over plain HTTP', async () => {
    const dataDir = tempDir('podpis-data-');
    const child = spawnTs(CLI_ENTRY, ['serve', '--init-if-empty'], {
      PODPIS_DATA_DIR: dataDir,
      PODPIS_PORT: '0',
    });
    children.push(child);
    const output = await waitForLine(child, /Press Ctrl\+C to stop/);
    const text = output.input;
    const url = /is running at (https:\/\/localhost:\d+)/.exec(text)?.[1] ?? '';
    const pkiUrl = /PKI: +(http:\/\/localhost:\d+)/.exec(text)?.[1] ?? '';
    const password = /password: (\S+)/.exec(text)?.[1] ?? '';
    const file = /file: +(\S+admin\.p12)/.exec(text)?.[1] ?? '';
    expect(file).toBe(join(dataDir, 'admin.p12'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    // The HTTPS certificate now comes from the infrastructure CA.
    const ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');
    expect((await get(`${url}/ready`, ca)).status).toBe(200);
    const anonymous = await get(`${url}/api/v1/operators`, ca);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({ code: 'CLIENT_CERTIFICATE_REQUIRED' });
    const admin = await get(`${url}/api/v1/operators`, ca, { file, password });
    expect(admin.status).toBe(200);
    expect(JSON.parse(admin.body)).toEqual([expect.objectContaining({ login: 'admin', role: 'admin' })]);

    // Public PKI services, plain HTTP.
    const cas = (await (await fetch(`${pkiUrl}/pki/cas`)).json()) as { id: string; crlUrl: string }[];
    expect(cas.map((c) => c.id)).toEqual(['root', 'issuing', 'infra-root']);
    const crl = await fetch(`${pkiUrl}/pki/crl/infra-root.crl`);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    const dir = tempDir();
    writeFileSync(join(dir, 'crl.der'), Buffer.from(await crl.arrayBuffer()));
    writeFileSync(join(dir, 'ca.pem'), ca);
    expect(
      openssl([
        'crl',
        '-inform',
        'DER',
        '-in',
        join(dir, 'crl.der'),
        '-CAfile',
        join(dir, 'ca.pem'),
        '-noout',
      ]).stderr,
    ).toContain('verify OK');

    // OpenSSL asks our OCSP responder about the HTTPS server's certificate.
    const serverCert = readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8').split(
      /(?<=-----END CERTIFICATE-----\n)/,
    )[0]!;
    writeFileSync(join(dir, 'server.pem'), serverCert);
    const ocsp = openssl([
      'ocsp',
      '-issuer',
      join(dir, 'ca.pem'),
      '-cert',
      join(dir, 'server.pem'),
      '-url',
      `${pkiUrl}/pki/ocsp`,
      '-CAfile',
      join(dir, 'ca.pem'),
    ]);
    expect(ocsp.stderr).toContain('Response verify OK');
    expect(ocsp.stdout.toString()).toContain('server.pem: good');

    child.kill('SIGTERM');
    expect(await exitCode(child)).toBe(0);

    // The second start keeps the installation: no new administrator.
    const again = spawnTs(CLI_ENTRY, ['serve', '--init-if-empty'], {
      PODPIS_DATA_DIR: dataDir,
      PODPIS_PORT: '0',
    });
    children.push(again);
    const secondOutput = await waitForLine(again, /Press Ctrl\+C to stop/);
    expect(secondOutput.input).not.toContain('A new installation was created');
    again.kill('SIGTERM');
    expect(await exitCode(again)).toBe(0);
  });

  it('podpis init creates it once and says so the second time', async () => {
    const dataDir = tempDir('podpis-data-');
    const first = await runCli(['init', '--alg', 'ecdsa'], { PODPIS_DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created the CAs');
    expect(first.stdout).toContain('admin.p12');
    const second = await runCli(['init'], { PODPIS_DATA_DIR: dataDir });
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toContain('already exists');
    const bad = await runCli(['init', '--alg', 'dsa'], { PODPIS_DATA_DIR: dataDir });
    expect(bad.code).toBe(2);
  });
});
