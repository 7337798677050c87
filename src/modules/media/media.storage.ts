import { Injectable } from '@nestjs/common';
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { config } from '../../config';
import { RENDITIONS_PREFIX } from './media.keys';
import { MAX_UPLOAD_BYTES, UPLOAD_TTL_SECONDS, UploadContentType } from './media.model';

let client: S3Client | undefined;
let clientFor: string | undefined;

/** One S3 client per process and endpoint (tests point the process at their own emulator). */
function s3(): S3Client {
  const { s3Endpoint } = config().media;
  if (!client || clientFor !== s3Endpoint) {
    client = new S3Client({
      region: config().region,
      ...(s3Endpoint
        ? // The emulator (s3rver) signs with its fixed local account and serves paths, not virtual hosts.
          { endpoint: s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
        : {}),
    });
    clientFor = s3Endpoint;
  }
  return client;
}

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** The media bucket: presigned uploads, the function's reads and writes, and removals. Object keys come from media.keys.ts only. */
@Injectable()
export class MediaStorage {
  /** A presigned POST for exactly this key, this content type and at most 10 MB, usable for a few minutes. */
  async presignUpload(key: string, contentType: UploadContentType): Promise<PresignedUpload> {
    return createPresignedPost(s3(), {
      Bucket: config().media.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: UPLOAD_TTL_SECONDS,
    });
  }

  /** The object's bytes, or undefined when it is gone (an event delivered twice). Refuses to read past `maxBytes`. */
  async read(key: string, maxBytes: number): Promise<{ bytes?: Buffer; size: number } | undefined> {
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket: config().media.bucket, Key: key }));
      const size = object.ContentLength ?? 0;
      if (size > maxBytes) {
        object.Body?.transformToWebStream().cancel().catch(() => undefined);
        return { size };
      }
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      return { bytes, size: bytes.length };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async write(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await s3().send(new PutObjectCommand({ Bucket: config().media.bucket, Key: key, Body: bytes, ContentType: contentType, CacheControl: 'public, max-age=31536000, immutable' }));
  }

  /** Deleting what is already gone succeeds: every removal is safe to repeat. */
  async remove(key: string): Promise<void> {
    await s3().send(new DeleteObjectCommand({ Bucket: config().media.bucket, Key: key }));
  }

  /** Removes every object under a prefix (an image's renditions), page by page. */
  async removeAll(prefix: string): Promise<void> {
    const bucket = config().media.bucket;
    let token: string | undefined;
    do {
      const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await s3().send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.NextContinuationToken;
    } while (token);
  }

  /** The public URL of a rendition (a key under `media/`): CloudFront in AWS, the emulator's bucket locally. */
  url(key: string): string {
    return renditionUrl(key);
  }
}

/** The public URL of a rendition's object key, for readers that keep keys (the read model's images). */
export function renditionUrl(key: string): string {
  return `${config().media.publicBaseUrl}/${key.slice(RENDITIONS_PREFIX.length)}`;
}
