// Vite build of the viewer. `--mode test` (npm run build:test) exposes the
// cytoscape instance as window.cy for the end-to-end tests (infra.md d).
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  base: './',
  define: { __EXPOSE_CY__: JSON.stringify(mode === 'test') },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
}));
