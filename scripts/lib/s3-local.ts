/**
 * A real S3 API on a port (s3rver, installed with serverless-s3-local), for `npm start`, the tests
 * and the bench: presigned POST, PUT and GET work against it as against S3. Its objects live in
 * `dataDir`. It checks signatures (access key and secret `S3RVER`) but ignores a presigned POST's
 * policy (size, type, key prefix): whoever reads an uploaded object re-checks what matters.
 */
import { mkdirSync } from 'node:fs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ address: string; port: number }>; close(): Promise<void> };

export async function startS3Local(port: number, dataDir: string, buckets: string[]): Promise<{ endpoint: string; stop(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory: dataDir,
    silent: true,
    // Path-style only: `http://127.0.0.1:<port>/<bucket>/<key>` (no DNS for bucket subdomains here).
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const { port: listening } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${listening}`,
    stop: () => server.close(),
  };
}
