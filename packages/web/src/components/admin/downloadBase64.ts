/** A blob: URL for a file the API returned as base64 (a PKCS#12 handed over once, never stored by the server). */
export function base64ToBlobUrl(base64: string, type: string): string {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type }));
}
