import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openssl, tempDir } from '@podpis/testkit';
import { bytesToHex, hmacStreebog256, hmacStreebog512, streebog256, streebog512 } from '@podpis/gost';
import { seededBytes, GOST_IMPLEMENTATIONS, runOn } from './support/helpers.js';

interface Message {
  path: string;
  data: Uint8Array;
}

/**
 * Writes the test messages into one temp directory: every length 0..130,
 * ~200 random lengths up to 4 KiB, a few above 64 KiB, and all-0xff
 * messages that make the 512-bit checksum carry through every limb.
 */
function writeMessages(dir: string): Message[] {
  const random = seededBytes(20120807);
  const lengths: number[] = [];
  for (let n = 0; n <= 130; n++) lengths.push(n);
  for (let n = 0; n < 200; n++) lengths.push((random(2)[0]! << 4) | (random(1)[0]! & 15));
  lengths.push(65535, 65536, 65537, 100_003, 262_144 + 63);
  const messages = lengths.map((length) => ({ path: '', data: random(length) }));
  for (const length of [64, 128, 1000, 70_000])
    messages.push({ path: '', data: new Uint8Array(length).fill(0xff) });
  messages.forEach((m, i) => {
    m.path = join(dir, `m${i}.bin`);
    writeFileSync(m.path, m.data);
  });
  return messages;
}

/** Runs one `openssl dgst -r` over all files and returns the hex digests in order. */
function opensslDigests(args: string[], messages: Message[]): string[] {
  const out = openssl(['dgst', ...args, '-r', ...messages.map((m) => m.path)]).stdout.toString('utf8');
  const lines = out.trim().split('\n');
  expect(lines).toHaveLength(messages.length);
  return lines.map((line, i) => {
    const [digest, name] = line.split(' ');
    expect(name, `line ${i}`).toBe(`*${messages[i]!.path}`);
    return digest!;
  });
}

describe.each(GOST_IMPLEMENTATIONS)('on the %s path', (implementation) => {
  runOn(implementation, 'streebog');

  describe('Streebog against OpenSSL with the GOST engine', () => {
    const dir = tempDir('podpis-streebog-');
    const messages = writeMessages(dir);
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it(`streebog256 equals openssl dgst -md_gost12_256 on ${messages.length} messages`, () => {
      const expected = opensslDigests(['-md_gost12_256'], messages);
      messages.forEach((m, i) => {
        expect(bytesToHex(streebog256(m.data)), `length ${m.data.length}`).toBe(expected[i]);
      });
    });

    it(`streebog512 equals openssl dgst -md_gost12_512 on ${messages.length} messages`, () => {
      const expected = opensslDigests(['-md_gost12_512'], messages);
      messages.forEach((m, i) => {
        expect(bytesToHex(streebog512(m.data)), `length ${m.data.length}`).toBe(expected[i]);
      });
    });

    it('HMAC equals openssl dgst -mac hmac for keys of 1..200 bytes, both sizes', () => {
      const random = seededBytes(7836);
      const sample = messages.filter((_, i) => i % 7 === 0);
      for (const keyLength of [1, 16, 32, 63, 64, 65, 128, 200]) {
        const key = random(keyLength);
        for (const [md, mac] of [
          ['-md_gost12_256', hmacStreebog256],
          ['-md_gost12_512', hmacStreebog512],
        ] as const) {
          const expected = opensslDigests(
            ['-mac', 'hmac', '-macopt', `hexkey:${bytesToHex(key)}`, md],
            sample,
          );
          sample.forEach((m, i) => {
            expect(bytesToHex(mac(key, m.data)), `${md} key ${keyLength} length ${m.data.length}`).toBe(
              expected[i],
            );
          });
        }
      }
    });
  });
});
