/**
 * Interoperability with OpenSSL's GOST engine (gost-engine, loaded by
 * @podpis/testkit). What it pins down:
 *
 * - the engine's paramset names map to our OIDs (the OID in its key DER);
 * - its PrivateKeyInfo OCTET STRING is d little-endian, as our private keys;
 * - its public key X/Y equal ours for the same d;
 * - `pkeyutl -sign` takes the digest bytes as we do (a little-endian α) and
 *   outputs s ‖ r big-endian, as our signatures: each side verifies the other's;
 * - `dgst -md_gost12_256/512 -sign` over a message verifies with our
 *   verify(streebog(message)), and the reverse;
 * - `pkeyutl -derive` (VKO, 8-byte UKM) gives our vko256/vko512.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { bytesToHex, gost3410, hexToBytes, reverseBytes, vko256, vko512 } from '@podpis/gost';
import { streebog256, streebog512 } from '../src/streebog.js';

interface EngineSet {
  /** `-pkeyopt paramset:` value of gost-engine. */
  engine: string;
  algorithm: 'gost2012_256' | 'gost2012_512';
  oid: string;
}

const SETS: readonly EngineSet[] = [
  { engine: 'TCA', algorithm: 'gost2012_256', oid: '1.2.643.7.1.2.1.1.1' },
  { engine: 'TCB', algorithm: 'gost2012_256', oid: '1.2.643.7.1.2.1.1.2' },
  { engine: 'TCC', algorithm: 'gost2012_256', oid: '1.2.643.7.1.2.1.1.3' },
  { engine: 'TCD', algorithm: 'gost2012_256', oid: '1.2.643.7.1.2.1.1.4' },
  { engine: 'A', algorithm: 'gost2012_256', oid: '1.2.643.2.2.35.1' },
  { engine: 'B', algorithm: 'gost2012_256', oid: '1.2.643.2.2.35.2' },
  { engine: 'C', algorithm: 'gost2012_256', oid: '1.2.643.2.2.35.3' },
  { engine: 'XA', algorithm: 'gost2012_256', oid: '1.2.643.2.2.36.0' },
  { engine: 'XB', algorithm: 'gost2012_256', oid: '1.2.643.2.2.36.1' },
  { engine: 'A', algorithm: 'gost2012_512', oid: '1.2.643.7.1.2.1.2.1' },
  { engine: 'B', algorithm: 'gost2012_512', oid: '1.2.643.7.1.2.1.2.2' },
  { engine: 'C', algorithm: 'gost2012_512', oid: '1.2.643.7.1.2.1.2.3' },
];

/** Digests per direction per parameter set; each costs one openssl run (~5–15 ms). */
const DIGESTS = 8;

interface EngineKey {
  keyFile: string;
  pubFile: string;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  der: Uint8Array;
}

function oidToDer(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const body: number[] = [];
  const push = (n: number): void => {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    body.push(...chunk);
  };
  push(40 * arcs[0]! + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return new Uint8Array([0x06, body.length, ...body]);
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return bytesToHex(haystack).includes(bytesToHex(needle));
}

/** A big-endian hex number from `openssl pkey -text` as `size` bytes little-endian. */
function leFromHex(hex: string, size: number): Uint8Array {
  return reverseBytes(hexToBytes(hex.padStart(2 * size, '0')));
}

function engineKey(dir: string, set: EngineSet, label: string, size: number): EngineKey {
  const keyFile = join(dir, `${label}.pem`);
  const pubFile = join(dir, `${label}.pub.pem`);
  openssl(['genpkey', '-algorithm', set.algorithm, '-pkeyopt', `paramset:${set.engine}`, '-out', keyFile]);
  openssl(['pkey', '-in', keyFile, '-pubout', '-out', pubFile]);
  const text = openssl(['pkey', '-in', keyFile, '-text', '-noout']).stdout.toString('utf8');
  const d = /^Private key:\s*([0-9A-F]+)$/m.exec(text)?.[1];
  const x = /^\s*X:([0-9A-F]+)$/m.exec(text)?.[1];
  const y = /^\s*Y:([0-9A-F]+)$/m.exec(text)?.[1];
  if (!d || !x || !y) throw new Error(`cannot parse openssl pkey -text output:\n${text}`);
  const publicKey = new Uint8Array(2 * size);
  publicKey.set(leFromHex(x, size), 0);
  publicKey.set(leFromHex(y, size), size);
  const der = new Uint8Array(openssl(['pkey', '-in', keyFile, '-outform', 'DER']).stdout);
  return { keyFile, pubFile, privateKey: leFromHex(d, size), publicKey, der };
}

function opensslSign(key: EngineKey, digest: Uint8Array): Uint8Array {
  return new Uint8Array(openssl(['pkeyutl', '-sign', '-inkey', key.keyFile], digest).stdout);
}

function opensslVerifies(dir: string, key: EngineKey, digest: Uint8Array, signature: Uint8Array): boolean {
  const sigFile = join(dir, 'sig.bin');
  writeFileSync(sigFile, signature);
  try {
    openssl(['pkeyutl', '-verify', '-pubin', '-inkey', key.pubFile, '-sigfile', sigFile], digest);
    return true;
  } catch {
    return false;
  }
}

for (const set of SETS) {
  const size = set.algorithm === 'gost2012_256' ? 32 : 64;
  describe(`gost-engine ${set.algorithm} paramset:${set.engine} ↔ ${set.oid}`, () => {
    const dir = tempDir('podpis-gost3410-');
    let key: EngineKey;

    beforeAll(() => {
      key = engineKey(dir, set, 'key', size);
    });

    it('stores the expected OID and d little-endian; our public key of d equals the engine’s', () => {
      expect(contains(key.der, oidToDer(set.oid))).toBe(true);
      // PrivateKeyInfo ends with the privateKey OCTET STRING: 04 len d(LE).
      expect(bytesToHex(key.der.subarray(key.der.length - size))).toBe(bytesToHex(key.privateKey));
      expect(bytesToHex(gost3410.getPublicKey(set.oid, key.privateKey))).toBe(bytesToHex(key.publicKey));
      expect(gost3410.validatePublicKey(set.oid, key.publicKey)).toBe(true);
    });

    it(`verifies ${DIGESTS} signatures made by openssl pkeyutl -sign (s ‖ r big-endian)`, () => {
      for (let i = 0; i < DIGESTS; i++) {
        const digest = globalThis.crypto.getRandomValues(new Uint8Array(size));
        if (i === 0) digest.fill(0xff); // α ≥ q: the reduction mod q must agree
        const sig = opensslSign(key, digest);
        expect(sig).toHaveLength(2 * size);
        expect(gost3410.verify(set.oid, key.publicKey, digest, sig)).toBe(true);
        // The same bytes read big-endian would be a different α: rejected.
        if (i > 0) expect(gost3410.verify(set.oid, key.publicKey, reverseBytes(digest), sig)).toBe(false);
      }
    });

    it(`has ${DIGESTS} of our signatures accepted by openssl pkeyutl -verify, and a tampered one refused`, () => {
      const digests = Array.from({ length: DIGESTS }, () =>
        globalThis.crypto.getRandomValues(new Uint8Array(size)),
      );
      const signatures = digests.map((digest) => gost3410.sign(set.oid, key.privateKey, digest));
      digests.forEach((digest, i) => {
        expect(opensslVerifies(dir, key, digest, signatures[i]!)).toBe(true);
      });
      const tampered = signatures[0]!.slice();
      tampered[size]! ^= 1; // flips a bit of r
      expect(opensslVerifies(dir, key, digests[0]!, tampered)).toBe(false);
    });
  });
}

describe('gost-engine dgst -sign over a message: the Streebog digest maps to α the same way', () => {
  const dir = tempDir('podpis-gost3410-dgst-');
  const message = new TextEncoder().encode('Подпись: GOST R 34.10-2012 over Streebog, interop check\n');
  const msgFile = join(dir, 'message.txt');
  writeFileSync(msgFile, message);

  for (const [set, md, hash] of [
    [SETS[1]!, '-md_gost12_256', streebog256],
    [SETS[11]!, '-md_gost12_512', streebog512],
  ] as const) {
    it(`${set.oid} with ${md}`, () => {
      const size = set.algorithm === 'gost2012_256' ? 32 : 64;
      const key = engineKey(dir, set, `dgst-${size}`, size);
      const digest = hash(message);
      expect(bytesToHex(new Uint8Array(openssl(['dgst', md, '-binary', msgFile]).stdout))).toBe(
        bytesToHex(digest),
      );

      const sigFile = join(dir, `dgst-${size}.sig`);
      openssl(['dgst', md, '-sign', key.keyFile, '-out', sigFile, msgFile]);
      expect(gost3410.verify(set.oid, key.publicKey, digest, new Uint8Array(readFileSync(sigFile)))).toBe(
        true,
      );

      writeFileSync(sigFile, gost3410.sign(set.oid, key.privateKey, digest));
      const out = openssl([
        'dgst',
        md,
        '-verify',
        key.pubFile,
        '-signature',
        sigFile,
        msgFile,
      ]).stdout.toString('utf8');
      expect(out).toContain('Verified OK');
    });
  }
});

describe('gost-engine pkeyutl -derive (VKO, 8-byte UKM) equals vko256 / vko512', () => {
  const dir = tempDir('podpis-vko-');
  for (const set of [SETS[0]!, SETS[1]!, SETS[3]!, SETS[9]!, SETS[11]!]) {
    it(`${set.algorithm} paramset:${set.engine}`, () => {
      const size = set.algorithm === 'gost2012_256' ? 32 : 64;
      const a = engineKey(dir, set, `vko-a-${set.oid}`, size);
      const b = engineKey(dir, set, `vko-b-${set.oid}`, size);
      const ukm = globalThis.crypto.getRandomValues(new Uint8Array(8));
      const derive = (bits: number): string =>
        bytesToHex(
          new Uint8Array(
            openssl([
              'pkeyutl',
              '-derive',
              '-inkey',
              a.keyFile,
              '-peerkey',
              b.pubFile,
              '-pkeyopt',
              `ukmhex:${bytesToHex(ukm)}`,
              '-pkeyopt',
              `vko:${bits}`,
            ]).stdout,
          ),
        );
      expect(bytesToHex(vko256(set.oid, a.privateKey, b.publicKey, ukm))).toBe(derive(256));
      expect(bytesToHex(vko512(set.oid, b.privateKey, a.publicKey, ukm))).toBe(derive(512));
    });
  }
});
