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

  /** Explicit authorization (PIN, OTP): signature activation data for the hashes (§11.6). */
  credentialsAuthorize(request: CredentialsAuthorizeRequest): Promise<SadAnswer> {
    return this.call('credentials/authorize', request);
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
