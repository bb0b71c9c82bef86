import { readFileSync } from 'node:fs';
import { deferSignature, OID, parseCertificate, preparePdfSignature, type PadesLevel } from '@podpis/pki';
import { fontPath } from '../../core/pdf-document.js';
import { DomainError } from '../../core/domain-error.js';
import type { SignatureFormat } from './format.js';
import { choice, onlyKnown } from './parameters.js';

export const PADES_LEVELS = ['B-B', 'B-T'] as const satisfies readonly PadesLevel[];

/** Where the visible stamp goes; its text comes from the certificate. */
export interface StampPlacement {
  /** 0-based; negative from the end (-1: the last page). */
  page: number;
  /** Lower-left corner, in PDF points from the page's bottom left. */
  x: number;
  y: number;
  width?: number;
  height?: number;
  language: 'ru' | 'en';
}

export interface PadesParameters {
  level: PadesLevel;
  reason?: string;
  location?: string;
  stamp?: StampPlacement;
}

const MAX_TEXT = 200;

function text(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw new DomainError(
      'SIGNING_PARAMETERS_INVALID',
      `${name} must be text of up to ${MAX_TEXT} characters`,
      {
        parameter: name,
      },
    );
  }
  return value;
}

function number(raw: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new DomainError(
      'SIGNING_PARAMETERS_INVALID',
      `stamp.${name} must be a number from ${min} to ${max}`,
      {
        parameter: `stamp.${name}`,
      },
    );
  }
  return value;
}

function placement(raw: unknown): StampPlacement | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', 'stamp must be an object', { parameter: 'stamp' });
  }
  const stamp = raw as Record<string, unknown>;
  onlyKnown(stamp, ['page', 'x', 'y', 'width', 'height', 'language']);
  const page = number(stamp, 'page', -10_000, 10_000) ?? -1;
  if (!Number.isInteger(page)) {
    throw new DomainError('SIGNING_PARAMETERS_INVALID', 'stamp.page must be an integer', {
      parameter: 'stamp.page',
    });
  }
  const width = number(stamp, 'width', 120, 600);
  const height = number(stamp, 'height', 50, 300);
  return {
    page,
    x: number(stamp, 'x', 0, 14_400) ?? 36,
    y: number(stamp, 'y', 0, 14_400) ?? 36,
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    language: choice(stamp, 'language', ['ru', 'en'] as const, 'ru'),
  };
}

let font: Uint8Array | undefined;
/** DejaVu Sans, read once: the stamp's Cyrillic is drawn with an embedded subset of it. */
function stampFont(): Uint8Array {
  font ??= new Uint8Array(readFileSync(fontPath('DejaVuSans.ttf')));
  return font;
}

/** The holder's name as the stamp shows it: the certificate's common name (surname, given names). */
function ownerOf(certificate: Uint8Array): { owner: string; serial: string; validFrom: Date; validTo: Date } {
  const info = parseCertificate(certificate);
  const value = (type: string): string | undefined => info.subject.find((a) => a.type === type)?.value;
  const person = [value(OID.surname), value(OID.givenName)].filter(Boolean).join(' ');
  return {
    owner: person || value(OID.commonName) || info.subjectText,
    serial: info.serialNumberHex.toUpperCase(),
    validFrom: info.notBefore,
    validTo: info.notAfter,
  };
}

/**
 * PAdES baseline B-B or B-T (ETSI EN 319 142-1): the PDF with an
 * incremental update holding the signature, so earlier signatures stay
 * valid; optionally a visible stamp in the Russian style
 * ("Документ подписан электронной подписью", certificate serial, owner,
 * validity) on the chosen page.
 */
export const padesFormat: SignatureFormat<PadesParameters> = {
  id: 'pades',
  parameters(raw) {
    onlyKnown(raw, ['level', 'reason', 'location', 'stamp']);
    const reason = text(raw, 'reason');
    const location = text(raw, 'location');
    const stamp = placement(raw['stamp']);
    return {
      level: choice(raw, 'level', PADES_LEVELS, 'B-B'),
      ...(reason !== undefined ? { reason } : {}),
      ...(location !== undefined ? { location } : {}),
      ...(stamp ? { stamp } : {}),
    };
  },
  needs: () => ({ content: true, signature: false }),
  async prepare({ signer, document, parameters, signingTime, services }) {
    const certificate = signer.certificate;
    const holder = ownerOf(certificate);
    const prepared = await preparePdfSignature({
      pdf: document.content ?? new Uint8Array(),
      signer,
      certificate,
      chain: signer.chain.slice(0, -1),
      signingTime,
      level: parameters.level,
      signerName: holder.owner,
      ...(parameters.reason !== undefined ? { reason: parameters.reason } : {}),
      ...(parameters.location !== undefined ? { location: parameters.location } : {}),
      ...(parameters.stamp ? { stamp: { ...parameters.stamp, ...holder, font: stampFont() } } : {}),
      ...(parameters.level === 'B-T' ? { tsaCallback: services.timeStamp } : {}),
    });
    // The PDF is prepared already; deferSignature only checks the key signs the digest it was shown.
    return deferSignature(signer, async (key) => prepared.complete(await key.signDigest(prepared.digest)));
  },
  mediaType: () => 'application/pdf',
  extension: () => 'pdf',
};
