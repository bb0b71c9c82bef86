import { Client, InvalidCredentialsError, ResultCodeError } from 'ldapts';
import { DomainError } from '../core/domain-error.js';
import type { RawEntry } from './mapping.js';
import { isTlsFailureCode } from '../core/tls-failures.js';

/** How to reach a directory server. */
export interface ConnectionSettings {
  /** `ldap://host:port` or `ldaps://host:port`. */
  url: string;
  /** Upgrade an ldap:// connection with StartTLS before binding. */
  startTls: boolean;
  /** PEM of the CA (or CAs) to trust for the server's certificate; absent: the system's. */
  caCertificate: string | null;
  /** For connecting and for each LDAP operation (each page of a search). */
  timeoutMs: number;
}

/** LDAP result codes that mean the server pointed elsewhere: a referral (10). */
const REFERRAL = 10;

/**
 * Names what went wrong talking to the directory with a stable code, never
 * repeating credentials: the server cannot be reached, went away or is too
 * slow (DIRECTORY_UNAVAILABLE); its certificate is not trusted
 * (DIRECTORY_TLS_FAILED); it refused the bind (DIRECTORY_BIND_FAILED); the
 * settings do not fit it (DIRECTORY_INVALID).
 */
export function directoryFailure(error: unknown, url: string): DomainError {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidCredentialsError) {
    return new DomainError('DIRECTORY_BIND_FAILED', `${url} refused the bind DN or password`);
  }
  if (error instanceof ResultCodeError) {
    if (error.code === REFERRAL) {
      return new DomainError(
        'DIRECTORY_INVALID',
        `${url} answered with a referral to another server; Podpis does not follow referrals — use that server's URL and base DN`,
        { field: 'baseDn' },
      );
    }
    if (error.code === 32) {
      return new DomainError('DIRECTORY_INVALID', `${url} has no such base DN`, { field: 'baseDn' });
    }
    if (error.code === 87 || error.code === 17) {
      return new DomainError('DIRECTORY_INVALID', `${url} refused the filter: ${message}`, {
        field: 'userFilter',
      });
    }
    if (error.code === 3) {
      return new DomainError('DIRECTORY_UNAVAILABLE', `${url} did not finish the search in time`, {
        reason: 'timeout',
      });
    }
    if ([8, 13, 48, 50].includes(error.code)) {
      return new DomainError('DIRECTORY_BIND_FAILED', `${url} refused: ${message}`, {
        resultCode: error.code,
      });
    }
    return new DomainError(
      'DIRECTORY_UNAVAILABLE',
      `${url} answered with LDAP result ${error.code}: ${message}`,
      {
        reason: 'error',
        resultCode: error.code,
      },
    );
  }
  if (isTlsFailureCode(code)) {
    return new DomainError('DIRECTORY_TLS_FAILED', `TLS with ${url} failed: ${message}`, { reason: code });
  }
  if (/timed? ?out/i.test(message)) {
    return new DomainError('DIRECTORY_UNAVAILABLE', `${url} did not answer in time`, { reason: 'timeout' });
  }
  if (/filter/i.test(message)) {
    return new DomainError('DIRECTORY_INVALID', `the LDAP filter is invalid: ${message}`, {
      field: 'userFilter',
    });
  }
  return new DomainError('DIRECTORY_UNAVAILABLE', `${url} cannot be reached or broke off: ${message}`, {
    reason: typeof code === 'string' ? code : 'connection',
  });
}

/**
 * Opens a connection (TLS as configured, certificates checked), runs `work`
 * and always unbinds; any failure comes out as a directory DomainError.
 */
export async function withConnection<T>(
  settings: ConnectionSettings,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const tlsOptions = () => ({
    minVersion: 'TLSv1.2' as const,
    ...(settings.caCertificate ? { ca: [settings.caCertificate] } : {}),
  });
  const client = new Client({
    url: settings.url,
    timeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    // Only for ldaps://: given to an ldap:// client, ldapts's StartTLS handshake is cut off.
    ...(settings.url.startsWith('ldaps:') ? { tlsOptions: tlsOptions() } : {}),
    strictDN: false,
  });
  try {
    if (settings.startTls) await client.startTLS(tlsOptions());
    return await work(client);
  } catch (error) {
    throw directoryFailure(error, settings.url);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

export interface PagedSearch {
  baseDn: string;
  filter: string;
  attributes: string[];
  pageSize: number;
  /** Stop after this many entries. */
  limit: number;
}

/**
 * A subtree search read page by page (RFC 2696), so a directory's size
 * limit does not cut it short. Continuation references (referrals to other
 * servers) are never followed: only entries of this server are returned.
 * A failure on any page fails the whole search — the caller gets all
 * entries or an error, never a silent part.
 */
export async function pagedSearch(client: Client, search: PagedSearch): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  const pages = client.searchPaginated(search.baseDn, {
    scope: 'sub',
    filter: search.filter,
    attributes: search.attributes,
    explicitBufferAttributes: ['objectGUID'],
    paged: { pageSize: Math.min(search.pageSize, search.limit) },
    sizeLimit: 0,
  });
  for await (const page of pages) {
    for (const entry of page.searchEntries) {
      entries.push(entry);
      if (entries.length >= search.limit) return entries;
    }
  }
  return entries;
}
