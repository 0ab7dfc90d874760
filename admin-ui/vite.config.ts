import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { precompress } from './build/precompress';

const adminUiRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The admin UI. Built by `npm run build` at the repo root into admin-ui/dist, served by the API server. */
export default defineConfig({
  root: adminUiRoot,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the login screen loads statically is one file: left to automatic splitting, code it shares
          // with lazy screens became ~30 small files, each with its own headers and worse compression (#21: ≤ 300 kB).
          groups: [{ name: 'first-screen', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    // The UI imports the policy from ../schema/policy (one source of truth).
    fs: { allow: [repoRoot] },
    proxy: {
      '/graphql': { target: process.env.MAMORI_API_URL ?? 'http://localhost:4000', changeOrigin: true },
    },
  },
});
