import type { Writable } from 'node:stream';
import {
  ConfirmError,
  channelKeys,
  fromBase64url,
  isEnvelope,
  openEnvelope,
  sealEnvelope,
  type ChannelKeys,
  type DeviceReply,
  type DeviceRequest,
  type Envelope,
} from '@podpis/confirm';
import { ApiClient } from '../commands/api-client.js';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import { readCaFile } from '../commands/remote.js';
import { StateFile, type AuthenticatorState } from './state-file.js';

/** How the authenticator's commands name a CA for TLS, in the TLS_UNTRUSTED message. */
const CA_HINT = '--ca-file FILE (enrol saves it for the other commands)';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The server's origin: https, or plain http to this machine only (tests, a
 * local server), as `podpis` allows; the activation code is a secret until
 * the enrolment is completed.
 */
export function deviceServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`not a server URL: ${text}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new CliUsageError(`${url.protocol}// would send the activation code in clear; use https://`);
  return new URL(url.origin);
}

/** An HTTPS client of `/api/v1/device/*`: no token (the channel authenticates the device). */
export async function deviceClient(server: string, caFile?: string, caPem?: string): Promise<ApiClient> {
  const ca = caFile !== undefined && caFile !== '' ? await readCaFile(caFile) : caPem;
  return new ApiClient({
    server: deviceServerUrl(server),
    caHint: CA_HINT,
    ...(ca !== undefined ? { ca } : {}),
  });
}

/** A protocol failure in what the server sent, with a code of its own (not the server's). */
export function replyFailure(error: unknown): unknown {
  if (!(error instanceof ConfirmError)) return error;
  if (error.code === 'REPLAYED')
    return new CliFailure(
      'DEVICE_REPLY_REPLAYED',
      `the server's answer carries a counter already seen (${error.message}): refused as replayed`,
    );
  if (error.code === 'NOT_AUTHENTIC')
    return new CliFailure(
      'DEVICE_REPLY_NOT_AUTHENTIC',
      "the server's answer does not open under this device's channel (altered, or not this device's server)",
    );
  return new CliFailure(
    'DEVICE_REPLY_MALFORMED',
    `the server's answer is not of the protocol: ${error.message}`,
  );
}

function envelopeOf(answer: unknown): Envelope {
  const envelope = (answer as { envelope?: unknown } | null)?.envelope;
  if (!isEnvelope(envelope))
    throw new CliFailure('DEVICE_REPLY_MALFORMED', "the server's answer holds no envelope");
  return envelope;
}

/**
 * An enrolled device talking to its server: every request sealed under
 * the next counter, which is saved before it is sent (a crash never sends
 * one counter twice); every answer must carry a counter above the last
 * accepted, which is saved once it opens.
 */
export class Device {
  private constructor(
    private readonly file: StateFile,
    private current: AuthenticatorState,
    private readonly keys: ChannelKeys,
    private readonly client: ApiClient | undefined,
  ) {}

  /** The device of an opened state file; `client` absent for what needs no network (offline codes, status). */
  static async of(file: StateFile, state: AuthenticatorState, client?: ApiClient): Promise<Device> {
    return new Device(file, state, await channelKeys(fromBase64url(state.channelSecret)), client);
  }

  get state(): Readonly<AuthenticatorState> {
    return this.current;
  }

  /** The OCRA key of the offline codes. */
  get ocraKey(): Uint8Array<ArrayBuffer> {
    return this.keys.ocra;
  }

  private api(): ApiClient {
    if (!this.client) throw new Error('this command was opened without a connection');
    return this.client;
  }

  /** Takes the next counter: reread under the lock (another command may have used some), saved at once. */
  private async nextCounter(): Promise<number> {
    this.current = await this.file.reload();
    const counter = this.current.counters.sent + 1;
    this.current = { ...this.current, counters: { ...this.current.counters, sent: counter } };
    await this.file.save(this.current);
    return counter;
  }

  private async seal(message: unknown): Promise<Envelope> {
    const counter = await this.nextCounter();
    return sealEnvelope(this.keys, 'device-to-server', this.current.device, counter, message);
  }

  /** Sends `request` and gives the server's reply, of the type expected. */
  async ask<T extends DeviceReply['type']>(
    request: DeviceRequest,
    expected: T,
  ): Promise<Extract<DeviceReply, { type: T }>> {
    return this.file.locked(async () => {
      const envelope = await this.seal(request);
      const answer = await this.api().json<unknown>('POST', '/device/messages', { envelope });
      const sealed = envelopeOf(answer);
      let reply: unknown;
      try {
        reply = await openEnvelope(this.keys, 'server-to-device', sealed, this.current.counters.received);
      } catch (error) {
        throw replyFailure(error);
      }
      this.current = { ...this.current, counters: { ...this.current.counters, received: sealed.counter } };
      await this.file.save(this.current);
      if ((reply as { type?: unknown } | null)?.type !== expected)
        throw new CliFailure(
          'DEVICE_REPLY_MALFORMED',
          `the server answered something other than ${expected}`,
        );
      return reply as Extract<DeviceReply, { type: T }>;
    });
  }

  /**
   * Opens the event stream (`POST /device/events`) and writes what comes
   * into `sink` until the server ends it; only the sealed `listen` request
   * holds the lock, not the whole stream.
   */
  async listen(sink: Writable, onOpen: () => void): Promise<void> {
    const envelope = await this.file.locked(() => this.seal({ type: 'listen' }));
    await this.api().download('/device/events', sink, {
      method: 'POST',
      body: { envelope },
      onResponse: onOpen,
    });
  }
}
