import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The central web app only; the server itself is built by tsc. Served by the server at / (routes/web).
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['source'] },
  build: { outDir: fileURLToPath(new URL('./dist/web', import.meta.url)), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1000 },
});
