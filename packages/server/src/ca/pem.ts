/** PEM armour (RFC 7468) around DER, 64 characters a line. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle (DER each), or `bytes` as one DER certificate when they hold no PEM block. */
export function certificatesFromPem(bytes: Uint8Array): Uint8Array[] {
  const blocks = [...Buffer.from(bytes).toString('latin1').matchAll(CERTIFICATE_BLOCK)];
  if (blocks.length === 0) return [bytes];
  return blocks.map((block) => new Uint8Array(Buffer.from((block[1] ?? '').replace(/\s/g, ''), 'base64')));
}
