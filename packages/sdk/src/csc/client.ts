import { CscError } from './errors.js';
import { exchange, fetcherOf, type CscTransportOptions } from './http.js';
import type { Fetch } from '../transport.js';
import type {
  CredentialInfo,
  CredentialsAuthorizeRequest,
  CredentialsInfoRequest,
  CredentialsList,
  CredentialsListRequest,
  CscInfo,
  ExtendTransactionRequest,
  GetChallengeRequest,
  PendingAuthorization,
  SadAnswer,
  SendOtpRequest,
  SignDocAnswer,
  SignDocRequest,
  SignHashAnswer,
  SignHashRequest,
  TimestampRequest,
} from './types.js';

export interface CscClientOptions extends CscTransportOptions {
  /** The service's base URI including the version, e.g. https://service.domain.org/csc/v2 */
  baseUrl: string | URL;
  /** The OAuth 2.0 access token (scope service, or credential for signing); a function is asked before each call. */
  accessToken?: string | (() => string | Promise<string>);
}

/**
 * A client of a remote signing service speaking the Cloud Signature
 * Consortium API v2: every method is a POST of JSON to `<baseUrl>/<method>`
 * with the bearer access token, written from the specification alone.
 */
export class CscClient {
  private readonly base: string;
  private readonly fetcher: Promise<Fetch>;

  constructor(private readonly options: CscClientOptions) {
    this.base = new URL(options.baseUrl).href.replace(/\/+$/, '');
    this.fetcher = fetcherOf(options);
    this.fetcher.catch(() => undefined);
  }

  /** One API method; `authorized: false` for info, which needs no token. */
  async call<T>(method: string, body: object, authorized = true): Promise<T> {
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json' });
    const token = this.options.accessToken;
    if (authorized && token !== undefined)
      headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
    const request = new Request(`${this.base}/${method}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return (await exchange(this.fetcher, request)) as T;
  }

  /** The service: its name, methods, OAuth 2.0 server, algorithms and formats (§11.1). */
  info(request: { lang?: string } = {}): Promise<CscInfo> {
    return this.call('info', request, false);
  }

  /** The credentials of the user the token stands for (§11.4). */
  credentialsList(request: CredentialsListRequest = {}): Promise<CredentialsList> {
    return this.call('credentials/list', request);
  }

  /** One credential: key, certificate(s), how it is authorized (§11.5). */
  credentialsInfo(request: CredentialsInfoRequest): Promise<CredentialInfo> {
    return this.call('credentials/info', request);
  }

  /**
   * Explicit authorization (PIN, OTP): signature activation data for the
   * hashes, or — HTTP 202 — a handle while the user's confirmation is still
   * underway (§11.6).
   */
  credentialsAuthorize(request: CredentialsAuthorizeRequest): Promise<SadAnswer | PendingAuthorization> {
    return this.call('credentials/authorize', request);
  }

  /** The state of an authorization answered with 202: the SAD, or the handle again while underway (§11.7). */
  authorizeCheck(handle: string): Promise<SadAnswer | PendingAuthorization> {
    return this.call('credentials/authorizeCheck', { handle });
  }

  /**
   * `credentialsAuthorize`, then `authorizeCheck` every `intervalMs` (2 s)
   * while the user confirms elsewhere (e.g. on their phone), up to
   * `timeoutMs` (5 minutes): the SAD, or a CscError (`access_denied` when
   * declined, `timeout` when it took too long, `aborted` on the signal).
   */
  async authorizeAndWait(
    request: CredentialsAuthorizeRequest,
    options: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<SadAnswer> {
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    let answer = await this.credentialsAuthorize(request);
    while ('handle' in answer) {
      if (options.signal?.aborted)
        throw new CscError(0, 'aborted', 'the wait for the authorization was aborted');
      if (Date.now() >= deadline) throw new CscError(0, 'timeout', 'the user did not confirm in time');
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2000));
      answer = await this.authorizeCheck(answer.handle);
    }
    return answer;
  }

  /** A challenge for an authentication object, or none (204) when it is sent out of band (§11.8). */
  async getChallenge(request: GetChallengeRequest): Promise<{ challenge?: string }> {
    // `call` is typed by its caller; a 204 has no body at all.
    const answer = await this.call<{ challenge?: string } | undefined>('credentials/getChallenge', request);
    return answer ?? {};
  }

  /** A fresh SAD for a credential allowing several signatures, before the last one expires (§11.9). */
  extendTransaction(request: ExtendTransactionRequest): Promise<SadAnswer> {
    return this.call('credentials/extendTransaction', request);
  }

  /** Has the service send the user the one-time password of an online OTP (§11.10). */
  async sendOTP(request: SendOtpRequest): Promise<void> {
    await this.call('credentials/sendOTP', request);
  }

  /** Raw signatures of hashes with an authorized credential (§11.11). */
  signHash(request: SignHashRequest): Promise<SignHashAnswer> {
    return this.call('signatures/signHash', request);
  }

  /** AdES signatures of documents or of their digests (§11.12). */
  signDoc(request: SignDocRequest): Promise<SignDocAnswer> {
    return this.call('signatures/signDoc', request);
  }

  /** An RFC 3161 time-stamp token of a hash (§11.14). */
  timestamp(request: TimestampRequest): Promise<{ timestamp: string }> {
    return this.call('signatures/timestamp', request);
  }
}
