/**
 * Serves a built browser app (the admin, the storefront) for `npm start`: its files, the runtime
 * `/config.json` (in AWS the deploy writes the same file to the bucket, so one build serves every
 * stage), and index.html for any other path so the app's own routes survive a reload or a shared
 * link. `page` may answer a route itself (the storefront's crawler HTML for products and
 * categories); it gets the app's index.html as the shell to fill.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { SetupProblem } from './dynamodb-local';

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

export interface PageAnswer {
  status: number;
  html: string;
}

export interface StaticSite {
  /** What is missing tells how to build it. */
  buildCommand: string;
  root: string;
  runtimeConfig: object;
  page?: (path: string, request: IncomingMessage, shell: string) => Promise<PageAnswer | undefined>;
}

export function startStaticSite(port: number, site: StaticSite): Promise<Server> {
  const { root } = site;
  if (!existsSync(join(root, 'index.html'))) throw new SetupProblem(`${root}/index.html is missing: run ${site.buildCommand} (npm start does)`);
  const index = readFileSync(join(root, 'index.html'));
  const configJson = JSON.stringify(site.runtimeConfig);
  const html = (response: import('node:http').ServerResponse, status: number, body: string | Buffer, head: boolean) =>
    response.writeHead(status, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' }).end(head ? undefined : body);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname);
    const head = request.method === 'HEAD';
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    if (request.method !== 'GET' && !head) {
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
      response.end(head ? undefined : readFileSync(file));
      return;
    }
    // A missing asset is a 404; any other path is one of the app's routes.
    if (path.startsWith('/assets/') || extname(path)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!site.page) return void html(response, 200, index, head);
    site.page(path, request, index.toString('utf8')).then(
      (answer) => (answer ? html(response, answer.status, answer.html, head) : html(response, 200, index, head)),
      // The crawler's extras are a courtesy: a person still gets the app.
      () => html(response, 200, index, head),
    );
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}
