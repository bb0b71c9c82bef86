/** The largest file the API encrypts or decrypts in one request (it travels in JSON as base64). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file's bytes as base64, for the API's JSON bodies. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/**
 * A certificate file as POST /encryptions takes it: PEM as its text, DER as
 * base64 (the server tells them apart by the PEM header).
 */
export async function certificateFileText(file: Blob): Promise<string> {
  const text = await file.text();
  return text.includes('-----BEGIN') ? text : fileToBase64(file);
}

/**
 * Hands bytes to the browser as a download under our name: the API's
 * Content-Disposition names are generic (message.p7m, decrypted.bin) and
 * would win over an <a download> name, so the bytes go through a blob: URL.
 */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started by the next task; the URL is not needed after that.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/** The name a decrypted file gets back: contract.pdf.p7m → contract.pdf; a name without .p7m or .enc gets .decrypted added. */
export function decryptedName(encrypted: string): string {
  const stripped = encrypted.replace(/\.(p7m|enc)$/i, '');
  return stripped === encrypted || stripped === '' ? `${encrypted}.decrypted` : stripped;
}

/** A size in bytes, KiB or MiB, for people. */
export function sizeParts(bytes: number): { unit: 'bytes' | 'kib' | 'mib'; value: string } {
  if (bytes < 1024) return { unit: 'bytes', value: String(bytes) };
  if (bytes < 1024 * 1024) return { unit: 'kib', value: (bytes / 1024).toFixed(1) };
  return { unit: 'mib', value: (bytes / 1024 / 1024).toFixed(1) };
}
