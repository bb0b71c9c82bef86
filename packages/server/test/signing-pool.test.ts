import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  generateSoftwareKey,
  hashForSigner,
  parseDer,
  signatureAlgorithmFor,
  verifySignature,
  type KeySpec,
} from '@podpis/pki';
import { opensslVerifyDigest } from '@podpis/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.js';
import { migrate } from '../src/db/migrate.js';
import { SigningPool } from '../src/keystore/signing-pool.js';
import { SoftwareKeyStore } from '../src/keystore/software.js';
import { openTestPglite } from './support/backends.js';
import { keyStoreFailure } from './support/keys.js';

const PIN = '482913-тест';

const CASES: { label: string; spec: KeySpec; dgst: string[] }[] = [
  { label: 'GOST-256', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' }, dgst: ['-md_gost12_256'] },
  { label: 'GOST-512', spec: { type: 'gost', paramSet: '1.2.643.7.1.2.1.2.1' }, dgst: ['-md_gost12_512'] },
  { label: 'ECDSA P-256', spec: { type: 'ecdsa', curve: 'P-256' }, dgst: ['-sha256'] },
  {
    label: 'RSA-PSS',
    spec: { type: 'rsa', modulusLength: 2048, scheme: 'pss' },
    dgst: ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:-1'],
  },
];

describe('signing threads: a big batch is signed off the event loop, split across threads', () => {
  let db: Db;
  let store: SoftwareKeyStore;
  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db);
    store = new SoftwareKeyStore({ db, masterKey: randomBytes(32) });
  });
  afterAll(() => db.close());

  it.each(CASES)(
    'a user key ($label) signs 40 digests under one PIN activation: each signature is of its own message, in order; OpenSSL verifies',
    async ({ spec, dgst }) => {
      const handle = await store.generate(spec, { label: 'batch', owner: 'user:pool', pin: PIN });
      const signer = { signatureAlgorithm: signatureAlgorithmFor(spec) };
      const messages = Array.from({ length: 40 }, (_, i) => randomBytes(16 + i));
      const spki = parseDer(handle.publicKeyInfo, SubjectPublicKeyInfo, 'spki');
      const digests = await Promise.all(messages.map((m) => hashForSigner(signer, m)));
      const activation = await store.activate(handle, { digests, confirmation: { method: 'pin', pin: PIN } });
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 1);
      const signatures = await store.signDigests(handle, digests, activation);
      clearInterval(timer);
      expect(signatures).toHaveLength(40);
      for (const [i, signature] of signatures.entries()) {
        expect(await verifySignature(spki, signer.signatureAlgorithm, messages[i]!, signature)).toBe(true);
      }
      expect(await verifySignature(spki, signer.signatureAlgorithm, messages[1]!, signatures[0]!)).toBe(
        false,
      );
      expect(opensslVerifyDigest(handle.publicKeyInfo, messages[39]!, signatures[39]!, dgst)).toContain(
        'Verified OK',
      );
      // The activation was for exactly these digests, once.
      expect(await keyStoreFailure(store.signDigests(handle, digests, activation))).toMatchObject({
        code: 'ACTIVATION_USED',
      });
      // Timers kept firing while the threads signed (RSA in JavaScript takes long enough to see it).
      if (spec.type === 'rsa') expect(ticks).toBeGreaterThan(0);
    },
  );

  it('a key the thread cannot import fails its batch with KEY_STORE_FAILED; the pool goes on working', async () => {
    const pool = new SigningPool(2);
    try {
      const digests = Array.from({ length: 4 }, () => randomBytes(32));
      await expect(
        pool.sign(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), {}, digests),
      ).rejects.toMatchObject({
        code: 'KEY_STORE_FAILED',
      });
      const { signer, pkcs8 } = await generateSoftwareKey(CASES[0]!.spec);
      const message = randomBytes(100);
      const [signature] = await pool.sign(pkcs8, {}, [await hashForSigner(signer, message)]);
      expect(
        await verifySignature(signer.publicKeyInfo, signer.signatureAlgorithm, message, signature!),
      ).toBe(true);
      // The key given is not consumed: the sender keeps its own copy.
      expect(pkcs8.some((byte) => byte !== 0)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a process that signed on the threads still exits by itself: idle threads do not keep it alive, busy ones do', () => {
    const script = `
      import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
      import { generateSoftwareKey } from '@podpis/pki';
      import { SigningPool } from './packages/server/src/keystore/signing-pool.ts';
      const { pkcs8 } = await generateSoftwareKey({ type: 'gost', paramSet: '1.2.643.7.1.2.1.1.1' });
      const signatures = await new SigningPool(2).sign(pkcs8, {}, Array.from({ length: 20 }, () => randomBytes(32)));
      console.log('signed', signatures.length);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('signed 20');
    expect(child.status).toBe(0);
  }, 90_000);
});
