import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';

/**
 * A software WebAuthn authenticator (ECDSA P-256, attestation `none`) for
 * tests and benches without a browser: what a platform authenticator with
 * user verification returns to `navigator.credentials.create/get`, as
 * `@simplewebauthn/browser` serialises it. CBOR is written by hand: the
 * few shapes WebAuthn needs (maps with integer or text keys, byte and text
 * strings, small integers).
 */

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(length, 1);
  return b;
}

type Cbor = number | string | Buffer | Map<number | string, Cbor>;

function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string')
    return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const UP_UV = 0x05;
const AT = 0x40;

/** One part of an assertion made wrong, to see it refused. */
export interface AssertionOverrides {
  flags?: number;
  counter?: number;
  rpId?: string;
  origin?: string;
  type?: string;
  /** Sign other client data than the one sent (a tampered clientDataJSON). */
  signedClientData?: Buffer;
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly #key: KeyObject;
  #counter = 0;

  constructor(
    readonly rpId: string,
    readonly origin: string,
  ) {
    this.#key = createPrivateKey(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }),
    );
  }

  #authenticatorData(flags: number, attested?: Buffer, over: AssertionOverrides = {}): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(over.counter ?? ++this.#counter);
    return Buffer.concat([
      sha256(over.rpId ?? this.rpId),
      Buffer.from([flags]),
      counter,
      ...(attested ? [attested] : []),
    ]);
  }

  /** `navigator.credentials.create` over `challenge` (base64url). */
  register(challenge: string) {
    const jwk = this.#key.export({ format: 'jwk' });
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cose]);
    const authData = this.#authenticatorData(UP_UV | AT, attested);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge, origin: this.origin }),
    );
    const id = this.credentialId.toString('base64url');
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
    };
  }

  /** `navigator.credentials.get` over `challenge` (base64url), user verified; `over` makes one part wrong (tests of refusals). */
  assert(challenge: string, over: AssertionOverrides = {}) {
    const authData = this.#authenticatorData(over.flags ?? UP_UV, undefined, over);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: over.type ?? 'webauthn.get', challenge, origin: over.origin ?? this.origin }),
    );
    const signed = Buffer.concat([authData, sha256(over.signedClientData ?? clientDataJSON)]);
    const signature = sign('sha256', signed, this.#key);
    const id = this.credentialId.toString('base64url');
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
    };
  }
}
