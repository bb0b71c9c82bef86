import type { CrlEntry, RevokedCertificateEntry } from '@podpis/pki';

/** A certificate as a CRL lists it now, by its serial number in hex. */
export interface ListedCertificate {
  serial: string;
  entry: RevokedCertificateEntry;
}

/** A certificate that came off hold (resume), and when. */
export interface ResumedCertificate {
  serial: string;
  resumedAt: Date;
}

/** The serial number without leading zero digits, lower case: how the two sides are matched. */
function canonical(serialHex: string): string {
  return serialHex.toLowerCase().replace(/^0+(?=.)/, '');
}

function sameListing(listed: RevokedCertificateEntry, base: CrlEntry): boolean {
  return (
    listed.reason === base.reason &&
    listed.holdInstruction === base.holdInstruction &&
    Math.floor(listed.revocationDate.getTime() / 1000) === Math.floor(base.revocationDate.getTime() / 1000)
  );
}

export function serialBytes(serialHex: string): Uint8Array {
  return new Uint8Array(Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex'));
}

/**
 * What a delta CRL lists relative to its base (RFC 5280 §5.2.4, §5.3.1):
 *
 * - every certificate listed now that the base does not list the same way
 *   (revoked or put on hold since, or moved from hold to revoked);
 * - removeFromCRL for every certificate the base lists that is no longer
 *   listed (taken off hold, or expired);
 * - removeFromCRL for every certificate taken off hold since the base, even
 *   if the base did not list it: the delta also applies to any newer
 *   complete CRL (CRL number ≥ the base's), which may have listed the hold.
 *
 * A certificate put on hold and taken off again since the base is thereby
 * listed once, as removeFromCRL. Sorted by serial number.
 */
export function deltaCrlEntries(
  base: readonly CrlEntry[],
  current: readonly ListedCertificate[],
  resumedSinceBase: readonly ResumedCertificate[],
  removedAt: Date,
): RevokedCertificateEntry[] {
  const inBase = new Map(base.map((entry) => [canonical(entry.serialNumberHex), entry]));
  const delta = new Map<string, RevokedCertificateEntry>();
  const listedNow = new Set<string>();
  for (const { serial, entry } of current) {
    const key = canonical(serial);
    listedNow.add(key);
    const before = inBase.get(key);
    if (!before || !sameListing(entry, before)) delta.set(key, entry);
  }
  const removal = (serial: string, at: Date): RevokedCertificateEntry => ({
    serialNumber: serialBytes(serial),
    revocationDate: at,
    reason: 'removeFromCRL',
  });
  for (const { serial, resumedAt } of resumedSinceBase) {
    const key = canonical(serial);
    if (!listedNow.has(key)) delta.set(key, removal(key, resumedAt));
  }
  for (const [key] of inBase) {
    if (!listedNow.has(key) && !delta.has(key)) delta.set(key, removal(key, removedAt));
  }
  return [...delta.entries()]
    .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
}
