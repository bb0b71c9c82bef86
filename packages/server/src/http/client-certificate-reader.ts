import { randomUUID } from 'node:crypto';
import { TLSSocket, type PeerCertificate } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { PresentedCertificate } from '../auth/client-certificate.js';

/** How a request's client certificate is read; the default reads the TLS socket. */
export type ClientCertificateReader = (request: FastifyRequest) => PresentedCertificate | undefined;

/**
 * Reads the peer certificate of an HTTPS server started with
 * `requestCert: true, rejectUnauthorized: false` and the trusted CA list:
 * the handshake accepts any certificate (so a missing or unknown one gets a
 * problem+json answer, not a TLS alert) and `authorized` says whether it chains.
 */
export const readTlsClientCertificate: ClientCertificateReader = (request) => {
  const socket = request.raw.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const raw = (socket.getPeerCertificate() as Partial<PeerCertificate>).raw;
  if (raw === undefined || raw.length === 0) return undefined;
  return { der: new Uint8Array(raw), authorized: socket.authorized };
};

/** Names the caller's certificate on the server's own requests to itself (`asSubrequestOf`). */
const SUBREQUEST_HEADER = 'x-podpis-subrequest';

/** The certificates of subrequests under way, by their one-time random names. */
const subrequestCertificates = new Map<string, PresentedCertificate>();

/**
 * `reader`, and for a request the server makes to itself on a caller's
 * behalf (an `inject` has no TLS socket), the caller's certificate. The
 * name is random and lives only while the subrequest runs: a header sent
 * from outside names nothing, and the request is then read as any other.
 */
export function withSubrequests(reader: ClientCertificateReader): ClientCertificateReader {
  return (request) => {
    const name = request.headers[SUBREQUEST_HEADER];
    const forwarded = typeof name === 'string' ? subrequestCertificates.get(name) : undefined;
    return forwarded ?? reader(request);
  };
}

/**
 * Runs `run` with headers that make the server's requests to itself carry
 * `certificate` as the caller's (readers made by `withSubrequests`).
 */
export async function asSubrequestOf<T>(
  certificate: PresentedCertificate | undefined,
  run: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (certificate === undefined) return run({});
  const name = randomUUID();
  subrequestCertificates.set(name, certificate);
  try {
    return await run({ [SUBREQUEST_HEADER]: name });
  } finally {
    subrequestCertificates.delete(name);
  }
}
