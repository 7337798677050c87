/**
 * What the admin's and the storefront's Vite configs share: in development (`npm run dev:admin`,
 * `npm run dev:store`), /config.json — written next to index.html at start or deploy — comes from
 * the running stack (its API URL from the stack's .data/stack.json, or API_URL).
 */
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

const repo = resolve(__dirname, '..');

function devRuntimeConfig(extra: Record<string, unknown>): Plugin {
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
        response.end(JSON.stringify({ apiUrl, ...extra }));
      });
    },
  };
}

/** One app under web/<name>/, built to dist/<name>/. */
export function webApp(name: 'admin' | 'store', port: number, runtimeConfig: Record<string, unknown> = {}): UserConfig {
  return defineConfig({
    root: join(__dirname, name),
    // Not node_modules/.vite: node_modules may be shared between checkouts (a worktree's symlink).
    cacheDir: join(repo, `.build/vite/${name}`),
    plugins: [react(), tailwindcss(), devRuntimeConfig(runtimeConfig)],
    server: { port, strictPort: true },
    build: { outDir: join(repo, `dist/${name}`), emptyOutDir: true, chunkSizeWarningLimit: 400 },
  });
}
