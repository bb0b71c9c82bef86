import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** The few CBOR (RFC 8949) items WebAuthn answers use: unsigned and negative integers, bytes, text, maps. */
type Cbor = number | Uint8Array | string | Map<Cbor, Cbor>;

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  const head = Buffer.alloc(3);
  head[0] = (major << 5) | 25;
  head.writeUInt16BE(length, 1);
  return head;
}

function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const entries = [...value].flatMap(([key, item]) => [cbor(key), cbor(item)]);
  return Buffer.concat([cborHead(5, value.size), ...entries]);
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array | string): string => Buffer.from(data).toString('base64url');

/** Flags of authenticator data (WebAuthn §6.1): user present, user verified, attested credential data. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** One part of an assertion made wrong. */
export interface AssertionOverrides {
  flags?: number;
  counter?: number;
  rpId?: string;
  origin?: string;
  type?: string;
  /** Sign other client data than the one sent (a clientDataJSON altered after signing). */
  signedClientData?: Buffer;
}

/**
 * A security key or phone's platform authenticator in software, as a test's stand-in for the one on a keyring:
 * an ECDSA P-256 credential, 'none' attestation, a signature counter that
 * grows with every assertion. `clone()` copies the key with its counter, as
 * an attacker who extracted it would.
 */
export class SoftwareAuthenticator {
  readonly credentialId: Buffer;
  counter: number;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(from?: SoftwareAuthenticator) {
    if (from) {
      this.credentialId = from.credentialId;
      this.counter = from.counter;
      this.privateKey = from.privateKey;
      this.publicKey = from.publicKey;
    } else {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      this.credentialId = randomBytes(16);
      this.counter = 0;
      this.privateKey = pair.privateKey;
      this.publicKey = pair.publicKey;
    }
  }

  clone(): SoftwareAuthenticator {
    return new SoftwareAuthenticator(this);
  }

  /** The COSE_Key (RFC 9053): EC2, ES256, P-256, x, y. */
  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  private authenticatorData(
    rpId: string,
    flags: number,
    attested?: Buffer,
    counterValue = this.counter,
  ): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(counterValue);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  /** The answer of navigator.credentials.create to `options`, made at `origin`. */
  register(options: { challenge: string; rp: { id?: string } }, origin: string) {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), length, this.credentialId, this.coseKey()]);
    const authData = this.authenticatorData(rpId, UP | UV | AT, attested);
    const clientData = JSON.stringify({
      type: 'webauthn.create',
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    });
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(
          cbor(
            new Map<Cbor, Cbor>([
              ['fmt', 'none'],
              ['attStmt', new Map()],
              ['authData', authData],
            ]),
          ),
        ),
        transports: ['usb'],
      },
    };
  }

  /**
   * The answer of navigator.credentials.get to `options` at `origin`; the
   * counter grows first. `over` makes one part wrong, to see it refused.
   */
  authenticate(options: { challenge: string; rpId?: string }, origin: string, over: AssertionOverrides = {}) {
    this.counter += 1;
    const rpId = over.rpId ?? options.rpId ?? new URL(origin).hostname;
    const authData = this.authenticatorData(
      rpId,
      over.flags ?? UP | UV,
      undefined,
      over.counter ?? this.counter,
    );
    const clientData = JSON.stringify({
      type: over.type ?? 'webauthn.get',
      challenge: options.challenge,
      origin: over.origin ?? origin,
      crossOrigin: false,
    });
    const signed = Buffer.concat([authData, sha256(over.signedClientData ?? clientData)]);
    const signature = sign('sha256', signed, this.privateKey);
    return {
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
    };
  }
}
