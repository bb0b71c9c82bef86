/**
 * The thread that renders first pages (first-page.ts): it loads the web
 * build's server part (packages/web's src/server/firstPage.tsx, 3 MB of
 * React and Ant Design) and answers each request with what the page needs
 * or its HTML, off the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type { FirstPageAnswer, FirstPageRequest, WebFirstPage } from './first-page.js';

const port = parentPort;
if (!port) throw new Error('first-page-worker runs as a worker thread');

let renderer: WebFirstPage | undefined;

port.on('message', (request: FirstPageRequest) => {
  void handle(request).then(
    (answer) => {
      port.postMessage(answer);
    },
    (error: unknown) => {
      port.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies FirstPageAnswer);
    },
  );
});

async function handle(request: FirstPageRequest): Promise<FirstPageAnswer> {
  switch (request.kind) {
    case 'load':
      // The build's own module, at a path the server chose (its web directory).
      renderer = (await import(request.file)) as WebFirstPage;
      return { id: request.id, paths: renderer.RENDERED_PATHS };
    case 'requests': {
      const url = new URL(request.url);
      return { id: request.id, paths: loaded().firstPageRequests(url, request.whoAmI) };
    }
    case 'render': {
      const url = new URL(request.url);
      return {
        id: request.id,
        html: loaded().renderFirstPage(url, request.cookies, new Map(request.answers)),
      };
    }
  }
}

function loaded(): WebFirstPage {
  if (!renderer) throw new Error('the renderer is not loaded');
  return renderer;
}
