/**
 * Serves the built admin app (dist/admin, `npm run build:admin`) for `npm start`: its files, the
 * runtime `/config.json` (the API URL; in AWS the deploy writes the same file to the bucket, so one
 * build serves every stage), and index.html for any other path so the app's own routes survive a
 * reload or a shared link.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { SetupProblem } from './dynamodb-local';

export const ADMIN_DIST = resolve(__dirname, '..', '..', 'dist', 'admin');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface AdminRuntimeConfig {
  apiUrl: string;
}

export function startAdminServer(port: number, runtimeConfig: AdminRuntimeConfig, root = ADMIN_DIST): Promise<Server> {
  if (!existsSync(join(root, 'index.html'))) throw new SetupProblem(`${root}/index.html is missing: run npm run build:admin (npm start does)`);
  const index = readFileSync(join(root, 'index.html'));
  const configJson = JSON.stringify(runtimeConfig);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://admin').pathname);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(configJson);
      return;
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by their content hash: they never change under one name.
      const immutable = path.startsWith('/assets/');
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
      return;
    }
    // A missing asset is a 404; any other path is one of the app's routes.
    if (path.startsWith('/assets/') || extname(path)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' }).end(request.method === 'HEAD' ? undefined : index);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}
