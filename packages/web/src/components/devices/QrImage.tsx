import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of `text` as an image (a data: URL, which the office's CSP allows for images). */
export function QrImage({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let current = true;
    // Error correction M: the code stays readable from a screen photographed at an angle.
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, width: 280 }).then((made) => {
      if (current) setUrl(made);
    });
    return () => {
      current = false;
    };
  }, [text]);
  return url ? (
    <img src={url} alt={label} width={280} height={280} data-testid={testId} />
  ) : (
    <div style={{ width: 280, height: 280 }} role="img" aria-label={label} />
  );
}

/** The activation code in groups of five, easier to read aloud and to type. */
export function groupedCode(code: string): string {
  // The server may group the code already (ABCDE-FGHJK): regroup its characters alone.
  return code.replace(/[^0-9A-Za-z]/g, '').replace(/(.{5})(?=.)/g, '$1 ');
}
