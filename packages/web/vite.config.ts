import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { antdStyles } from './build/antd-styles.ts';
import { CHUNK_GROUPS } from './build/chunk-groups.ts';
import { earlyScript } from './build/early-script.ts';
import { firstPages } from './build/first-pages.ts';
import { precompress } from './build/precompress.ts';

// The office is served by the Podpis server itself (same origin as the API), so no proxy or CORS is needed.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    antdStyles(),
    react(),
    // Asks who is signed in and the landing page's first API requests before the office's code arrives.
    earlyScript('src/early.ts'),
    // What the server preloads for a request likely signed in (its web-office.ts): see build/first-pages.ts.
    firstPages({
      signedIn: [
        'src/components/AppLayout.tsx',
        'src/otherStyles.ts',
        'src/api/firstRequests.ts',
        // The default language's words, which every cabinet asks for (i18n's `preloadNamespaces`).
        'src/i18n/ru/operator.ts',
      ],
      // The roles' home pages (App.tsx's HOME), where a signed-in visit lands.
      pages: {
        '/users': 'src/pages/operator/UsersPage.tsx',
        '/operators': 'src/pages/admin/OperatorsPage.tsx',
        '/my/certificates': 'src/pages/cabinet/MyCertificatesPage.tsx',
      },
    }),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Ant Design and React make one large vendor chunk; splitting it further saves nothing on a LAN intranet.
    chunkSizeWarningLimit: 3000,
    // Two pages: the office (Ant Design) and the phone's app at /mobile/, a small bundle of its own.
    rolldownOptions: {
      input: {
        office: join(import.meta.dirname, 'index.html'),
        mobile: join(import.meta.dirname, 'mobile.html'),
      },
      output: { codeSplitting: { groups: CHUNK_GROUPS } },
    },
  },
});
