import { request } from 'node:http';
import type { S3Event } from 'aws-lambda';

/**
 * Hands the local S3's notifications to a function of serverless-offline, through its Lambda
 * invoke endpoint (a private UNIX socket: start.ts `lambdaInvokeSocket`), one at a time and in
 * order, as S3 invokes the media function in AWS: the same handler, the same event.
 * Failures are reported through `say`; the object stays where it is (the bucket's lifecycle
 * ends abandoned uploads).
 */
export function invokeOnS3Events(socketPath: string, functionName: string, say: (line: string) => void): (event: S3Event) => void {
  let queue = Promise.resolve();
  return (event) => {
    queue = queue.then(() =>
      invoke(socketPath, functionName, event).catch((error: Error) => say(`media function failed for ${event.Records?.[0]?.s3?.object?.key}: ${error.message}`)),
    );
  };
}

function invoke(socketPath: string, functionName: string, event: S3Event): Promise<void> {
  const body = JSON.stringify(event);
  return new Promise((done, fail) => {
    const call = request(
      { socketPath, path: `/2015-03-31/functions/${functionName}/invocations`, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((response.statusCode ?? 500) >= 300 || response.headers['x-amz-function-error']) fail(new Error(`${response.statusCode} ${text.slice(0, 300)}`));
          else done();
        });
      },
    );
    call.on('error', fail);
    call.end(body);
  });
}
