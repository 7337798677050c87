/** The admin app (dist/admin, `npm run build:admin`) as `npm start` serves it. */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { startStaticSite } from './static-site';

export const ADMIN_DIST = resolve(__dirname, '..', '..', 'dist', 'admin');

export interface AdminRuntimeConfig {
  apiUrl: string;
}

export function startAdminServer(port: number, runtimeConfig: AdminRuntimeConfig, root = ADMIN_DIST): Promise<Server> {
  return startStaticSite(port, { root, runtimeConfig, buildCommand: 'npm run build:admin' });
}
