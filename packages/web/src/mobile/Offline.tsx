import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import {
  channelKeys,
  fromBase64url,
  offlineCode,
  parseOfflineRequest,
  type OfflineRequest,
} from '@podpis/confirm';
import { describeError, useT } from './context';
import { loadDevice } from './store';

/** The Shape Detection API where the browser has it (Chrome on Android); not yet in TypeScript's DOM types. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorLike | null {
  const constructor = (window as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  return constructor ? new constructor({ formats: ['qr_code'] }) : null;
}

/** Reads QR codes from the camera: the browser's detector when it has one, else jsQR on the frames. */
function useScanner(onText: (text: string) => void) {
  const video = useRef<HTMLVideoElement>(null);
  const [scanning, setScanning] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!scanning) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const detector = barcodeDetector();
    // jsQR is loaded only where the browser has no detector of its own, to keep the app small.
    const decoder = detector ? null : import('jsqr').then((module) => module.default);

    async function frame() {
      const element = video.current;
      if (stopped || !element) return;
      if (element.readyState >= element.HAVE_CURRENT_DATA) {
        let text: string | null = null;
        if (detector) {
          text = (await detector.detect(element))[0]?.rawValue ?? null;
        } else if (decoder) {
          const jsQR = await decoder;
          canvas.width = element.videoWidth;
          canvas.height = element.videoHeight;
          const context = canvas.getContext('2d', { willReadFrequently: true });
          if (context) {
            context.drawImage(element, 0, 0);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            text = jsQR(image.data, image.width, image.height)?.data ?? null;
          }
        }
        if (text) {
          onText(text);
          setScanning(false);
          return;
        }
      }
      setTimeout(() => void frame(), 200);
    }

    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        void frame();
      })
      .catch(() => {
        setFailed(true);
        setScanning(false);
      });
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => {
        track.stop();
      });
    };
  }, [scanning, onText]);

  return { video, scanning, setScanning, failed };
}

/** Offline confirmation: the QR code's summary and the eight digits the user types on the computer. */
export function Offline() {
  const t = useT();
  const [text, setText] = useState('');
  const [request, setRequest] = useState<OfflineRequest | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function compute(source: string) {
    setError(null);
    setCode(null);
    try {
      const parsed = parseOfflineRequest(source.trim());
      const state = await loadDevice();
      if (!state) return;
      const keys = await channelKeys(state.secret);
      setRequest(parsed);
      setCode(
        await offlineCode(
          keys.ocra,
          fromBase64url(parsed.digest),
          fromBase64url(parsed.challenge),
          new Date(),
        ),
      );
    } catch (failure) {
      setRequest(null);
      setError(describeError(t, failure));
    }
  }

  const [scanned, setScanned] = useState<string | null>(null);
  const scanner = useScanner(setScanned);
  useEffect(() => {
    if (scanned !== null) {
      setText(scanned);
      void compute(scanned);
    }
    // compute is a fresh closure each render; the effect is about a new scan only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanned]);

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    void compute(text);
  }

  const hasCamera = 'mediaDevices' in navigator && !scanner.failed;
  return (
    <section aria-labelledby="offline-heading">
      <h1 id="offline-heading">{t('offline.heading')}</h1>
      <p>{t('offline.intro')}</p>
      {hasCamera ? (
        <button
          type="button"
          onClick={() => {
            scanner.setScanning(!scanner.scanning);
          }}
        >
          {scanner.scanning ? t('offline.stop') : t('offline.scan')}
        </button>
      ) : (
        <p className="note">{t('offline.noCamera')}</p>
      )}
      {scanner.scanning && (
        <video ref={scanner.video} className="camera" muted playsInline aria-label={t('offline.camera')} />
      )}
      <form onSubmit={submit}>
        <label htmlFor="offline-text">{t('offline.text')}</label>
        <textarea
          id="offline-text"
          rows={3}
          value={text}
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        <button type="submit" className="primary" disabled={text.trim() === ''}>
          {t('offline.show')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {request && code && (
        <article className="card" aria-labelledby="offline-summary">
          <h2 id="offline-summary">{t(`pending.kind.${request.kind}`)}</h2>
          <dl>
            <dt>{t('pending.holder')}</dt>
            <dd>{request.holder}</dd>
            <dt>{t('pending.certificate')}</dt>
            <dd className="mono">{request.certificate}</dd>
            <dt>{t('pending.documents')}</dt>
            <dd>
              <ul className="documents">
                {request.documents.map((document, index) => (
                  <li key={index}>
                    {document.name}
                    {document.size !== undefined && ` · ${t('pending.size', { size: document.size })}`}
                  </li>
                ))}
              </ul>
              {request.documentCount > request.documents.length &&
                t('offline.more', { count: request.documentCount - request.documents.length })}
            </dd>
          </dl>
          <div className="verification">
            <span>{t('offline.code')}</span>
            <strong className="code" data-testid="offline-code">
              {code.slice(0, 4)} {code.slice(4)}
            </strong>
            <small>{t('offline.codeHint')}</small>
          </div>
        </article>
      )}
    </section>
  );
}
