import { hostname } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@podpis/testkit';
import { ConfigError, DEFAULT_PUSH_SERVICES, loadConfig } from '../src/config/config.js';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/podpis');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults that run embedded', () => {
    const { config, warnings } = loadConfig({}, '/srv/podpis');
    expect(config).toEqual({
      dataDir: '/srv/podpis/data',
      host: 'localhost',
      port: 8443,
      publicUrl: 'https://localhost:8443',
      httpPort: 8080,
      pkiUrl: undefined,
      logLevel: 'info',
      bodyLimit: 10 * 1024 * 1024,
      shutdownTimeoutMs: 10_000,
      drainMs: 0,
      crlCheckIntervalSeconds: 900,
      bulkJobs: { restMs: 0 },
      tls: undefined,
      databaseUrl: undefined,
      keyStore: { masterKey: undefined, maxPinAttempts: 5 },
      auth: {
        passwordMinLength: 8,
        maxFailedLogins: 5,
        lockoutMinutes: 15,
        loginRateLimitPerMinute: 20,
        oauthTokenRateLimit: { perClient: 600, perIp: 1200 },
        sessionTtlMinutes: 480,
        scryptLogN: 15,
        temporaryPasswordDays: 14,
      },
      documents: { limit: 1024 ** 3, retentionSeconds: 86_400 },
      pushServices: DEFAULT_PUSH_SERVICES,
      publicSigning: { perClient: 20, perNode: 200 },
      webhooks: { allowedHosts: [] },
      nodeId: `${hostname()}:${process.pid}`,
      hr: { bulkItemRetentionDays: 30, pullAllowHttp: false },
      metrics: { token: undefined },
    });
    expect(warnings).toEqual([]);
  });

  it('reads every variable', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.pem'), '');
    writeFileSync(join(dir, 'k.pem'), '');
    const { config } = loadConfig(
      {
        PODPIS_DATA_DIR: '/var/lib/podpis',
        PODPIS_HOST: '0.0.0.0',
        PODPIS_PORT: '9443',
        PODPIS_HTTP_PORT: '9080',
        PODPIS_PKI_URL: 'http://pki.example.ru/',
        PODPIS_PUBLIC_URL: 'https://ca.example.ru/',
        PODPIS_LOG_LEVEL: 'DEBUG',
        PODPIS_BODY_LIMIT: '512KiB',
        PODPIS_SHUTDOWN_TIMEOUT_MS: '2500',
        PODPIS_DRAIN_MS: '6000',
        PODPIS_CRL_CHECK_INTERVAL: '30',
        PODPIS_BULK_BATCH_SIZE: '50',
        PODPIS_BULK_REST_MS: '200',
        PODPIS_DOCUMENT_LIMIT: '2GiB',
        PODPIS_DOCUMENT_RETENTION: '90m',
        PODPIS_PUSH_SERVICES: ' Push.Example.RU , fcm.googleapis.com',
        PODPIS_SIGNING_RATE_PER_CLIENT: '5',
        PODPIS_SIGNING_RATE_PER_NODE: '50',
        PODPIS_WEBHOOK_ALLOWED_HOSTS: ' Hooks.Corp.Local, 10.1.2.0/24 ,::1',
        PODPIS_NODE_ID: 'podpis-2',
        PODPIS_BULK_ITEM_RETENTION_DAYS: '7',
        PODPIS_HR_PULL_ALLOW_HTTP: 'true',
        PODPIS_METRICS_TOKEN: 'm'.repeat(40),
        PODPIS_TLS_CERT: 'c.pem',
        PODPIS_TLS_KEY: 'k.pem',
        DATABASE_URL: 'postgresql://podpis:secret@db:5432/podpis',
      },
      dir,
    );
    expect(config).toMatchObject({
      dataDir: '/var/lib/podpis',
      host: '0.0.0.0',
      port: 9443,
      httpPort: 9080,
      pkiUrl: 'http://pki.example.ru',
      publicUrl: 'https://ca.example.ru',
      logLevel: 'debug',
      bodyLimit: 512 * 1024,
      shutdownTimeoutMs: 2500,
      drainMs: 6000,
      crlCheckIntervalSeconds: 30,
      bulkJobs: { batchSize: 50, restMs: 200 },
      documents: { limit: 2 * 1024 ** 3, retentionSeconds: 5400 },
      pushServices: ['push.example.ru', 'fcm.googleapis.com'],
      publicSigning: { perClient: 5, perNode: 50 },
      webhooks: { allowedHosts: ['hooks.corp.local', '10.1.2.0/24', '::1'] },
      nodeId: 'podpis-2',
      hr: { bulkItemRetentionDays: 7, pullAllowHttp: true },
      metrics: { token: 'm'.repeat(40) },
      tls: { certFile: join(dir, 'c.pem'), keyFile: join(dir, 'k.pem') },
      databaseUrl: 'postgresql://podpis:secret@db:5432/podpis',
    });
  });

  it.each([
    ['PODPIS_PORT', 'https', /integer 0\.\.65535/],
    ['PODPIS_PORT', '70000', /integer 0\.\.65535/],
    ['PODPIS_PORT', '-1', /integer 0\.\.65535/],
    ['PODPIS_LOG_LEVEL', 'verbose', /one of fatal, error, warn, info, debug, trace, silent/],
    ['PODPIS_BODY_LIMIT', '10 parsecs', /KiB or 10MiB/],
    ['PODPIS_BODY_LIMIT', '12', /at least 1024 bytes/],
    ['PODPIS_SHUTDOWN_TIMEOUT_MS', '1.5', /integer/],
    ['PODPIS_DRAIN_MS', '600001', /integer 0\.\.600000/],
    ['PODPIS_CRL_CHECK_INTERVAL', '0', /integer 1\.\.86400/],
    ['PODPIS_BULK_BATCH_SIZE', '0', /integer 1\.\.10000/],
    ['PODPIS_BULK_REST_MS', '10001', /integer 0\.\.10000/],
    ['PODPIS_PUBLIC_URL', 'http://ca.example.ru', /https:\/\//],
    ['PODPIS_PKI_URL', 'https://pki.example.ru', /http:\/\//],
    ['PODPIS_HTTP_PORT', '80x', /integer 0\.\.65535/],
    ['PODPIS_TLS_CERT', 'missing.pem', /existing file/],
    ['DATABASE_URL', 'mysql://root@db/podpis', /postgres:\/\/ or postgresql:\/\//],
    ['PODPIS_WEBHOOK_ALLOWED_HOSTS', 'hooks.corp.local,10.0.0.0/33', /host name, an IP address nor a CIDR/],
    ['PODPIS_WEBHOOK_ALLOWED_HOSTS', 'https://hooks.corp.local', /host name, an IP address nor a CIDR/],
  ])('rejects %s=%s with a message naming the variable and what it accepts', (variable, value, accepted) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toMatch(accepted);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('does not echo a database URL, which may hold a password', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db/podpis' });
    expect(error.message).not.toContain('hunter2');
  });

  it('wants the TLS certificate and key together', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.pem'), '');
    expect(() => loadConfig({ PODPIS_TLS_CERT: 'c.pem' }, dir)).toThrow(
      /PODPIS_TLS_KEY must be set together|missing PODPIS_TLS_KEY/,
    );
  });

  it('opens a PKCS#11 token only with module, label and exactly one PIN source; never echoes the PIN', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'softhsm.so'), '');
    writeFileSync(join(dir, 'pin'), '5ecret 42\n');
    writeFileSync(join(dir, 'empty'), '\n');
    const token = { PODPIS_PKCS11_MODULE: 'softhsm.so', PODPIS_PKCS11_TOKEN_LABEL: 'podpis' };
    expect(loadConfig({ ...token, PODPIS_PKCS11_PIN_FILE: 'pin' }, dir).config.keyStore.pkcs11).toEqual({
      module: join(dir, 'softhsm.so'),
      tokenLabel: 'podpis',
      pin: '5ecret 42',
    });
    expect(loadConfig({ ...token, PODPIS_PKCS11_PIN: 'hunter2' }, dir).config.keyStore.pkcs11?.pin).toBe(
      'hunter2',
    );
    expect(loadConfig({}, dir).config.keyStore.pkcs11).toBeUndefined();

    const refusals: [Record<string, string>, string, RegExp][] = [
      [{ PODPIS_PKCS11_MODULE: 'missing.so' }, 'PODPIS_PKCS11_MODULE', /existing file/],
      [{ PODPIS_DOCUMENT_RETENTION: '10s' }, 'PODPIS_DOCUMENT_RETENTION', /60 seconds to a year/],
      [{ PODPIS_DOCUMENT_RETENTION: '1w' }, 'PODPIS_DOCUMENT_RETENTION', /e\.g\. 3600, 90m/],
      [{ PODPIS_DOCUMENT_LIMIT: 'lots' }, 'PODPIS_DOCUMENT_LIMIT', /at least 1024 bytes/],
      [
        { PODPIS_PUSH_SERVICES: 'fcm.googleapis.com,https://x' },
        'PODPIS_PUSH_SERVICES',
        /"https:\/\/x" is not a host name/,
      ],
      [{ PODPIS_PKCS11_TOKEN_LABEL: 'podpis' }, 'PODPIS_PKCS11_TOKEN_LABEL', /PODPIS_PKCS11_MODULE is not/],
      [
        { PODPIS_PKCS11_MODULE: 'softhsm.so', PODPIS_PKCS11_PIN: 'hunter2' },
        'PODPIS_PKCS11_TOKEN_LABEL',
        /needs the label/,
      ],
      [{ ...token, PODPIS_PKCS11_TOKEN_LABEL: 'x'.repeat(33) }, 'PODPIS_PKCS11_TOKEN_LABEL', /at most 32/],
      [token, 'PODPIS_PKCS11_PIN', /exactly one of/],
      [
        { ...token, PODPIS_PKCS11_PIN: 'hunter2', PODPIS_PKCS11_PIN_FILE: 'pin' },
        'PODPIS_PKCS11_PIN',
        /exactly one of/,
      ],
      [{ ...token, PODPIS_PKCS11_PIN_FILE: 'empty' }, 'PODPIS_PKCS11_PIN_FILE', /is empty/],
    ];
    for (const [env, variable, accepted] of refusals) {
      let error: unknown;
      try {
        loadConfig(env, dir);
      } catch (caught) {
        error = caught;
      }
      expect(error, variable).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as ConfigError).message).toMatch(accepted);
      expect((error as ConfigError).message).not.toContain('hunter2');
    }
  });

  it('warns about unknown PODPIS_ variables, which are usually typos', () => {
    const { warnings } = loadConfig({ PODPIS_PROT: '9443' }, '/srv');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('PODPIS_PROT');
  });
});
