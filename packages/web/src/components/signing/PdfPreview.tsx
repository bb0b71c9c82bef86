import { Alert, Flex, Spin, Typography } from 'antd';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Pages rendered: enough to recognise the document without rendering a long one whole. */
const PAGES_SHOWN = 2;
const WIDTH = 320;

/**
 * The first pages of a PDF drawn to canvases by pdf.js (loaded only when a
 * PDF is previewed: it is a large module). Scripts in the PDF never run:
 * pdf.js has no JavaScript engine and `isEvalSupported: false` keeps it
 * within the office's Content-Security-Policy.
 */
export function PdfPreview({ name, bytes }: { name: string; bytes: Uint8Array }) {
  const { t } = useTranslation('signing');
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ pages?: number; failed?: boolean }>({});

  useEffect(() => {
    const run = { cancelled: false, destroy: () => {} };
    // Asked through a function: the loop below reads it again after each await, when the cleanup may have set it.
    const cancelled = () => run.cancelled;
    const target = container.current;
    void (async () => {
      try {
        const pdfjs = await import('pdfjs-dist');
        pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
        // pdf.js hands the buffer to its worker (detaching it): the caller's bytes are still needed to sign.
        const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false });
        run.destroy = () => void task.destroy();
        const pdf = await task.promise;
        if (cancelled()) return;
        setState({ pages: pdf.numPages });
        const shown = Math.min(pdf.numPages, PAGES_SHOWN);
        for (let number = 1; number <= shown; number++) {
          const page = await pdf.getPage(number);
          const unscaled = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: (WIDTH / unscaled.width) * window.devicePixelRatio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.style.width = `${WIDTH}px`;
          canvas.style.border = '1px solid #d9d9d9';
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', t('sign.previewPage', { page: number, name }));
          canvas.dataset.testid = 'preview-pdf-page';
          await page.render({ canvas, viewport }).promise;
          if (cancelled()) return;
          target?.append(canvas);
        }
      } catch {
        if (!cancelled()) setState({ failed: true });
      }
    })();
    return () => {
      run.cancelled = true;
      run.destroy();
      target?.replaceChildren();
    };
  }, [bytes, name, t]);

  if (state.failed) return <Alert type="warning" showIcon title={t('sign.previewFailed')} />;
  return (
    <>
      {state.pages === undefined ? (
        <Spin />
      ) : (
        <Typography.Text type="secondary">
          {t('sign.previewPages', { count: state.pages, shown: Math.min(state.pages, PAGES_SHOWN) })}
        </Typography.Text>
      )}
      <Flex ref={container} gap="small" wrap style={{ marginTop: 8 }} />
    </>
  );
}
