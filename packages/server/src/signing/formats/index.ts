import { cadesFormat } from './cades.js';
import type { SignatureFormat } from './format.js';
import { padesFormat } from './pades.js';
import { rawFormat } from './raw.js';

/** The formats the signing service makes, by the name the API uses. */
export const SIGNING_FORMATS = ['raw', 'cades', 'pades'] as const;
export type SigningFormat = (typeof SIGNING_FORMATS)[number];

const FORMATS: Record<SigningFormat, SignatureFormat> = {
  raw: rawFormat,
  cades: cadesFormat,
  pades: padesFormat,
};

export function signatureFormat(format: SigningFormat): SignatureFormat {
  return FORMATS[format];
}

export type { FormatServices, FormatSigner, SignedDocument, SignatureFormat } from './format.js';
