import { randomBytes } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import {
  libraryAssertion,
  verifyWebAuthnAssertion,
  verifyWebAuthnRegistration,
} from '../src/confirmation/webauthn.js';
import { SoftwareAuthenticator, type AssertionOverrides } from './support/webauthn.js';

const RP = { id: 'podpis.test', origin: 'https://podpis.test' };

describe('WebAuthn assertions: our ES256 path agrees with @simplewebauthn/server on every case', () => {
  it('accepts what the library accepts and refuses what it refuses', async () => {
    const authenticator = new SoftwareAuthenticator();
    const options = (challenge: string) => ({ challenge, rp: { id: RP.id } });
    const challenge = randomBytes(32).toString('base64url');
    const credential = await verifyWebAuthnRegistration(
      authenticator.register(options(challenge), RP.origin),
      challenge,
      RP,
    );
    expect(credential).toBeDefined();
    const reg = await verifyRegistrationResponse({
      response: authenticator.register(options(challenge), RP.origin),
      expectedChallenge: challenge,
      expectedOrigin: RP.origin,
      expectedRPID: RP.id,
    });
    expect(reg.verified).toBe(true);
    const cases: [string, AssertionOverrides, boolean][] = [
      ['valid', {}, true],
      ['user not verified', { flags: 0x01 }, false],
      ['user not present', { flags: 0x04 }, false],
      ['another relying party', { rpId: 'evil.test' }, false],
      ['another origin', { origin: 'https://evil.test' }, false],
      ['a registration, not an assertion', { type: 'webauthn.create' }, false],
      ['counter not rising', { counter: 1 }, false],
      ['client data tampered after signing', { signedClientData: Buffer.from('{}') }, false],
    ];
    let counter = 0;
    for (const [name, over, expected] of cases) {
      const assertion = authenticator.authenticate({ challenge, rpId: RP.id }, RP.origin, over);
      const stored = { ...credential!, counter };
      const ours = await verifyWebAuthnAssertion(assertion, challenge, stored, RP);
      const theirs = await libraryAssertion(assertion, challenge, stored, RP);
      expect(ours !== undefined, name).toBe(expected);
      expect(ours, name).toBe(theirs);
      if (ours !== undefined) counter = ours;
    }
    const valid = authenticator.authenticate({ challenge, rpId: RP.id }, RP.origin);
    const otherChallenge = randomBytes(32).toString('base64url');
    expect(
      await verifyWebAuthnAssertion(valid, otherChallenge, { ...credential!, counter }, RP),
    ).toBeUndefined();
    expect(await libraryAssertion(valid, otherChallenge, { ...credential!, counter }, RP)).toBeUndefined();
    const forged = {
      ...valid,
      response: { ...valid.response, signature: randomBytes(70).toString('base64url') },
    };
    expect(await verifyWebAuthnAssertion(forged, challenge, { ...credential!, counter }, RP)).toBeUndefined();
    expect(
      await verifyWebAuthnAssertion({ ...valid, id: 'another' }, challenge, { ...credential!, counter }, RP),
    ).toBeUndefined();
    expect(await verifyWebAuthnAssertion(null, challenge, { ...credential!, counter }, RP)).toBeUndefined();
  });
});
