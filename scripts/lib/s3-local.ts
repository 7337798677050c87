import { mkdirSync } from 'node:fs';
import type { S3Event } from 'aws-lambda';
// s3rver has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

interface S3rverInstance {
  httpServer?: import('node:http').Server;
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3Event) => void): void;
}

/** Browsers upload straight to the bucket with a presigned POST and read renditions from it. */
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/**
 * A real S3 API on 127.0.0.1:`port` (s3rver, what serverless-s3-local runs), keeping objects
 * under `dataDir`, with `buckets` made. It serves objects over plain HTTP (the renditions'
 * local URLs) and, like S3, does not check a presigned POST's policy (prefix, size, type): the
 * media function re-checks all three. `onEvent` receives its S3 notifications (`ObjectCreated:*`,
 * `ObjectRemoved:*`, in S3's event shape), to hand to the same function S3 invokes in AWS.
 */
export async function startS3Local(port: number, dataDir: string, buckets: string[], onEvent?: (event: S3Event) => void): Promise<{ endpoint: string; stop(): Promise<void> }> {
  mkdirSync(dataDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: dataDir,
    // Path-style only: `http://127.0.0.1:<port>/<bucket>/<key>` (no DNS for bucket subdomains here).
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name, configs: [CORS] })),
  });
  if (onEvent) server.on('event', onEvent);
  const { port: bound } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    // Clients keep sockets alive (the AWS SDK's agent): close them too, or `close` waits for them.
    stop: async () => {
      const closing = server.close();
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}
