import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { antdStyles } from './build/antd-styles.ts';
import { precompress } from './build/precompress.ts';

// The office is served by the Podpis server itself (same origin as the API), so no proxy or CORS is needed.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [antdStyles(), react(), precompress()],
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
    },
  },
});
