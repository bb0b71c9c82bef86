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
