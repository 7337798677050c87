/**
 * The admin app. `npm run build:admin` writes dist/admin/ (served by `npm start`, or S3 +
 * CloudFront in AWS); `npm run dev:admin` serves it with hot reload against the running `npm start`
 * (its API URL from the stack's .data/stack.json, or API_URL).
 */
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const repo = resolve(__dirname, '../..');

/** In development, /config.json (written next to index.html at start or deploy) comes from the running stack. */
function devRuntimeConfig(): Plugin {
  return {
    name: 'shopstream-dev-config',
    configureServer(server) {
      server.middlewares.use('/config.json', (_request, response) => {
        let apiUrl = process.env.API_URL;
        if (!apiUrl) {
          try {
            apiUrl = (JSON.parse(readFileSync(join(resolve(repo, process.env.DATA_DIR ?? '.data'), 'stack.json'), 'utf8')) as { api: string }).api;
          } catch {
            apiUrl = `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
          }
        }
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ apiUrl }));
      });
    },
  };
}

export default defineConfig({
  root: __dirname,
  // Not node_modules/.vite: node_modules may be shared between checkouts (a worktree's symlink).
  cacheDir: join(repo, '.build/vite/admin'),
  plugins: [react(), tailwindcss(), devRuntimeConfig()],
  server: { port: Number(process.env.ADMIN_PORT ?? 5175), strictPort: true },
  build: { outDir: join(repo, 'dist/admin'), emptyOutDir: true, chunkSizeWarningLimit: 400 },
});
