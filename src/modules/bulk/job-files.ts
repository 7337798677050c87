import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { TenantContext } from '../../core/tenant-context';

/** How long an upload form and a download link stay valid. */
export const UPLOAD_TTL_SECONDS = 900;
export const DOWNLOAD_TTL_SECONDS = 900;

export interface UploadForm {
  /** POST a multipart form to `url` with these fields first and the file last (field `file`). */
  url: string;
  fields: Record<string, string>;
  validUntil: string;
}

/**
 * The files of bulk jobs in S3, each under its tenant's prefix (built here from the verified
 * tenant, nowhere else): uploads, validation plans, batch results, reports and exports. The API
 * only signs: file bytes go between the browser and S3, and the jobs consumer reads them.
 */
@Injectable()
export class JobFiles {
  private client?: S3Client;

  key(ctx: TenantContext, ...parts: string[]): string {
    return ['tenants', ctx.tenantCode, ...parts].join('/');
  }

  /** A presigned POST for one file of at most `maxBytes` (S3 enforces it; the consumer checks again: emulators do not). */
  async uploadForm(key: string, maxBytes: number): Promise<UploadForm> {
    const { url, fields } = await createPresignedPost(this.s3(), {
      Bucket: config().jobs.bucket,
      Key: key,
      Conditions: [['content-length-range', 1, maxBytes]],
      Expires: UPLOAD_TTL_SECONDS,
    });
    return { url, fields, validUntil: new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000).toISOString() };
  }

  /** The object's size, or undefined when nothing was uploaded. */
  async size(key: string): Promise<number | undefined> {
    try {
      return (await this.s3().send(new HeadObjectCommand({ Bucket: config().jobs.bucket, Key: key }))).ContentLength;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async read(key: string): Promise<string> {
    const object = await this.s3().send(new GetObjectCommand({ Bucket: config().jobs.bucket, Key: key }));
    return object.Body!.transformToString('utf-8');
  }

  async write(key: string, body: string, contentType: string): Promise<void> {
    await this.s3().send(new PutObjectCommand({ Bucket: config().jobs.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** A GET link that expires, naming the file a browser saves. */
  async downloadLink(key: string, filename: string): Promise<{ url: string; validUntil: string }> {
    const url = await getSignedUrl(
      this.s3(),
      new GetObjectCommand({ Bucket: config().jobs.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${filename}"` }),
      { expiresIn: DOWNLOAD_TTL_SECONDS },
    );
    return { url, validUntil: new Date(Date.now() + DOWNLOAD_TTL_SECONDS * 1000).toISOString() };
  }

  private s3(): S3Client {
    const { region, jobs } = config();
    // Locally the emulator (path-style, its own credentials); in AWS the Lambda role.
    this.client ??= new S3Client({
      region,
      ...(jobs.s3Endpoint ? { endpoint: jobs.s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
    });
    return this.client;
  }
}
