import { useEffect, useState } from 'react';
import { listen } from './api';

/** How often the list is asked while the event stream is down (no push either: the last resort)… */
const POLL_MS = 3000;
/** …and while it is up, in case a hint was lost on the way. */
const SLOW_POLL_MS = 60_000;
/** Waits before reconnecting after failures in a row: a server that is down is not asked every second. */
const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000] as const;
/** A stream that stayed open this long was healthy: the next failure starts the back-off again. */
const HEALTHY_MS = 30_000;

/** How the list learns of new operations now: the server's event stream, or polling. */
export type Liveness = 'stream' | 'poll';

/**
 * Reads Server-Sent Events and calls `onHint` for each `pending` one; ends
 * with the stream. Comments (`: keep-alive`) dispatch nothing.
 */
export async function readHints(stream: ReadableStream<Uint8Array>, onHint: () => void): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (event === 'pending') onHint();
        event = '';
      } else if (line.startsWith('event:')) {
        event = line.slice('event:'.length).trim();
      }
      end = buffer.indexOf('\n');
    }
  }
}

/**
 * Keeps the pending list current while the app is in view: the server's
 * event stream (read with fetch, since EventSource cannot POST the sealed
 * `listen`) refreshes it on each hint and reconnects with back-off; a push
 * forwarded by the service worker refreshes it too; a poll covers the
 * rest — every few seconds while the stream is down, every minute while
 * it is up. A hidden app closes the stream, so a phone in a pocket keeps
 * no connection open.
 */
export function usePendingUpdates(refresh: () => Promise<void>): Liveness {
  const [liveness, setLiveness] = useState<Liveness>('poll');

  useEffect(() => {
    let stopped = false;
    // Read through a call: checks after an await must see the cleanup's change, which narrowing would hide.
    const ended = () => stopped;
    let controller: AbortController | undefined;
    let connected = false;
    let failures = 0;
    let lastAsked = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const visible = () => document.visibilityState === 'visible';
    const ask = () => {
      lastAsked = Date.now();
      void refresh();
    };

    const connect = async () => {
      if (stopped || controller !== undefined || !visible()) return;
      const current = new AbortController();
      controller = current;
      const opened = Date.now();
      try {
        const stream = await listen(current.signal);
        connected = true;
        setLiveness('stream');
        await readHints(stream, ask);
      } catch {
        // Network, a blocked device, or the app hidden: the poll goes on meanwhile.
      }
      connected = false;
      controller = undefined;
      if (ended()) return;
      setLiveness('poll');
      if (Date.now() - opened >= HEALTHY_MS) failures = 0;
      // Closed because the app was hidden: it reconnects when shown again (at once if it already is).
      if (current.signal.aborted && !visible()) return;
      const delay = current.signal.aborted ? 0 : BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
      failures += 1;
      retry = setTimeout(() => void connect(), delay);
    };

    ask();
    void connect();
    const timer = setInterval(() => {
      if (visible() && (!connected || Date.now() - lastAsked >= SLOW_POLL_MS)) ask();
    }, POLL_MS);
    const onVisibility = () => {
      if (visible()) {
        ask();
        clearTimeout(retry);
        void connect();
      } else {
        controller?.abort();
      }
    };
    // The service worker forwards a push: the list is asked at once rather than at the next tick.
    const onMessage = () => {
      ask();
    };
    document.addEventListener('visibilitychange', onVisibility);
    // Absent on plain http: and in some private modes, though TypeScript's DOM types say otherwise.
    const worker = navigator.serviceWorker as ServiceWorkerContainer | undefined;
    worker?.addEventListener('message', onMessage);
    return () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(retry);
      controller?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
      worker?.removeEventListener('message', onMessage);
    };
  }, [refresh]);

  return liveness;
}
