/**
 * The PDF entry points, loaded on first use: pdf-lib and fontkit are some
 * 400 modules, which everything importing this package (a CLI command that
 * never touches a PDF, the office bundle) would otherwise load and parse.
 */
import type * as PdfSignature from './pdf-signature.js';
import type * as Inspect from './inspect.js';

export async function preparePdfSignature(
  ...args: Parameters<typeof PdfSignature.preparePdfSignature>
): ReturnType<typeof PdfSignature.preparePdfSignature> {
  const { preparePdfSignature: prepare } = await import('./pdf-signature.js');
  return prepare(...args);
}

export async function inspectPdfSignatures(
  ...args: Parameters<typeof Inspect.inspectPdfSignatures>
): ReturnType<typeof Inspect.inspectPdfSignatures> {
  const { inspectPdfSignatures: inspect } = await import('./inspect.js');
  return inspect(...args);
}
