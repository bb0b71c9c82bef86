import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { operationDigest, signInDescriptor, toHex, type SignInRequest } from '../src/index.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const SIGN_IN: SignInRequest = {
  id: '0b0e4a1c-6f1e-4b8e-9a57-3f3c2d1e0a9b',
  account: 'petrova',
  ip: '192.0.2.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
  time: '2026-12-05T23:00:00.000Z',
};

describe('a sign-in as an operation a device approves', () => {
  it('digests the line-per-field text the manual gives: kind sign-in, its id, no certificate, one item of what the device shows', async () => {
    const shown = sha256(
      'podpis/sign-in/v1\npetrova\n192.0.2.7\nMozilla/5.0 (X11; Linux x86_64) Chrome/140.0\n2026-12-05T23:00:00.000Z',
    );
    const descriptor = await signInDescriptor(SIGN_IN);
    expect(descriptor).toEqual({ kind: 'sign-in', id: SIGN_IN.id, certificate: '', items: [shown] });
    expect(toHex(await operationDigest(descriptor))).toBe(
      sha256(`podpis/operation/v1\nsign-in\n${SIGN_IN.id}\n\n1\n${shown}`),
    );
  });

  it('another address, browser, account or sign-in gives another digest', async () => {
    const digest = async (change: Partial<SignInRequest>) =>
      toHex(await operationDigest(await signInDescriptor({ ...SIGN_IN, ...change })));
    const base = await digest({});
    for (const change of [
      { ip: '198.51.100.1' },
      { userAgent: 'curl/8.0' },
      { account: 'petrov' },
      { id: '1b0e4a1c-6f1e-4b8e-9a57-3f3c2d1e0a9b' },
    ]) {
      expect(await digest(change)).not.toBe(base);
    }
  });
});
