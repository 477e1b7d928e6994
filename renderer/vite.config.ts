import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer is served from files (Electron's custom scheme, or the browser seat's static
 * server) under a strict CSP: relative asset paths, one script file, one stylesheet, nothing
 * inline.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // Vite's module-preload polyfill is not needed by Chromium, and keeps the page free of helpers.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs for fonts/media (the CSP allows data: for images only).
    assetsInlineLimit: 0,
    // One bundle read from local disk (zod and phone metadata come with the shared contract).
    chunkSizeWarningLimit: 1024,
  },
});
