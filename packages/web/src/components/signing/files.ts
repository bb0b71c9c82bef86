import {
  bytesToHex,
  gostImplementations,
  streebog256,
  whenGostReady,
  type GostImplementation,
} from '@podpis/gost';
/** What the preview shows a file as. */
export type FileKind = 'pdf' | 'text' | 'xml' | 'image' | 'binary';

/** Images an <img> shows safely (SVG is XML and may carry scripts, so it is shown as XML instead). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/** How much of a text or XML file the preview shows: the page stays responsive for a large log. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** The UTF-8 text of the bytes, or undefined when they are not text (invalid UTF-8, NUL bytes). */
export function decodeText(bytes: Uint8Array): string | undefined {
  // A cut in the middle of a multi-byte character is not binary: only the head of a large file is looked at.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\u0000')) return undefined;
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  return replaced > 3 ? undefined : text;
}

/** The kind of a file from its first bytes and its media type, never from its name alone. */
export function fileKind(file: File, head: Uint8Array): FileKind {
  if (startsWith(head, PDF_MAGIC)) return 'pdf';
  if (IMAGE_TYPES.has(file.type)) return 'image';
  const text = decodeText(head);
  if (text === undefined) return 'binary';
  return /^\uFEFF?\s*</.test(text) ? 'xml' : 'text';
}

/**
 * The file's Streebog-256 digest (GOST R 34.11-2012), what a GOST-256 key
 * signs and the phone shows, hashed in the page by @podpis/gost, and the
 * path that hashed it (WebAssembly SIMD, or the pure code where the browser
 * lacks it). The WebAssembly module compiles asynchronously on a page: it
 * is awaited first, so a large file is not hashed by the slower path.
 */
export async function streebog256Hex(
  bytes: Uint8Array,
): Promise<{ digest: string; implementation: GostImplementation | undefined }> {
  await whenGostReady();
  return { digest: bytesToHex(streebog256(bytes)), implementation: gostImplementations().streebog };
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Base64 of any size: String.fromCharCode(...bytes) overflows the stack past a few hundred KiB. */
export function toBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK));
  }
  return btoa(binary);
}

export function formatSize(bytes: number, language: string): string {
  const units = language === 'ru' ? ['Б', 'КиБ', 'МиБ', 'ГиБ'] : ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(language, { maximumFractionDigits: digits })} ${units[unit] ?? ''}`;
}

/**
 * The name a signature is saved under: beside the document for a signature
 * file (contract.pdf.p7s, as CryptoPro and OpenSSL users expect), and
 * "contract.signed.pdf" for a signed copy of the document itself.
 */
export function resultFileName(documentName: string, extension: string): string {
  const dot = documentName.lastIndexOf('.');
  const own = dot > 0 ? documentName.slice(dot + 1).toLowerCase() : '';
  if (own === extension.toLowerCase()) return `${documentName.slice(0, dot)}.signed.${extension}`;
  return `${documentName}.${extension}`;
}

/** The extension the server names a result with (`attachment; filename="signature-0.p7s"`). */
export function extensionOf(contentDisposition: string | null, fallback: string): string {
  return /filename="[^"]*\.([A-Za-z0-9]+)"/.exec(contentDisposition ?? '')?.[1] ?? fallback;
}

/** Hands a blob to the browser as a download under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: a large download may still be reading the blob.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
