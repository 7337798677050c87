import type { S3Event } from 'aws-lambda';
import { mapBundleStacks } from '../core/bundle-stacks';
import { logger } from '../core/logger';
import { MediaPublisher, UploadOutcome } from '../modules/media';

mapBundleStacks(__filename);

let publisher: MediaPublisher | undefined;

/**
 * The media function: S3 invokes it for every object created under `tenants/<tenant>/uploads/`
 * (in AWS by the bucket's notification; locally `npm start` hands it s3rver's events of the
 * same shape). No Nest: it needs the core, the shop's settings and the bucket, nothing else.
 * A record that throws fails the invocation, and S3 retries it; a repeat changes nothing.
 */
export const handler = async (event: S3Event): Promise<{ outcomes: UploadOutcome[] }> => {
  publisher ??= MediaPublisher.withoutNest();
  const outcomes: UploadOutcome[] = [];
  for (const record of event.Records ?? []) {
    if (!record.eventName?.startsWith('ObjectCreated:')) continue;
    // S3 event keys are URL-encoded, with `+` for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    outcomes.push(await publisher.objectCreated(key, record.responseElements?.['x-amz-request-id'] ?? key));
  }
  logger.info('media event handled', { records: event.Records?.length ?? 0, outcomes });
  return { outcomes };
};
