import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { VersionConflictError } from '../../core/errors';
import { isValidKeyPart } from '../../core/keys';
import { logger } from '../../core/logger';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ShopSettingsService } from '../tenant';
import { inspectImage, renditionsOf } from './image-checks';
import { ownerIndex } from './media.library';
import { UPLOADS_PREFIX, MEDIA_BYTES_KEY, MEDIA_ENTITY, mediaCountKey, mediaObjectPrefix, parseUploadObjectKey, renditionObjectKey, uploadKey } from './media.keys';
import { MAX_UPLOAD_BYTES, MediaAttributes, MediaUpload, storedBytes, UploadRefusal } from './media.model';
import { MediaStorage } from './media.storage';

/** What the media function did with one uploaded object (logged, and what the tests look at). */
export type UploadOutcome = 'published' | 'refused' | 'ignored';

/**
 * The media function's work on one object S3 says was created under `uploads/`. It trusts
 * nothing the browser sent (the local emulator ignores the presigned POST's policy, and a
 * policy never proves the bytes are an image): the key must be an upload the tenant asked for,
 * under that tenant's prefix; the size at most 10 MB; the bytes a JPEG, PNG, WebP or AVIF of at
 * most 40 MP by their own header. It then writes renditions without metadata and publishes the
 * MEDIA entity with the owner's image count and the shop's bytes in one transaction whose
 * conditions hold the limits. The uploaded original (EXIF and all) is always deleted; a
 * refusal is recorded on the upload for the uploader to read. A repeated event changes nothing.
 */
export class MediaPublisher {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly settings: ShopSettingsService,
    private readonly storage: MediaStorage,
  ) {}

  static withoutNest(): MediaPublisher {
    const commands = new CommandService();
    return new MediaPublisher(commands, new TenantItemStore(), new ShopSettingsService(commands), new MediaStorage());
  }

  async objectCreated(key: string, requestId: string): Promise<UploadOutcome> {
    // The function's own renditions (the AWS notification is filtered to `tenants/`; the local emulator tells of every object).
    if (!key.startsWith(UPLOADS_PREFIX)) return 'ignored';
    const parsed = parseUploadObjectKey(key);
    if (!parsed || !isValidKeyPart(parsed.tenant) || !isValidKeyPart(parsed.id)) return this.ignore(key, 'not an upload key');
    const ctx: TenantContext = { tenantCode: parsed.tenant, userId: 'media-function', roles: [], requestId, source: 'media:s3' };
    // Reason: only an upload this tenant asked for, under this tenant's prefix, becomes an image;
    // an object written under another shop's prefix finds no upload of that id there.
    const upload = await this.items.get<MediaUpload>(ctx, uploadKey(parsed.id));
    if (!upload) return this.ignore(key, 'no upload of this id under this tenant');
    if (upload.status !== 'pending') return this.ignore(key, `upload already ${upload.status}`);
    const uploader: TenantContext = { ...ctx, userId: upload.createdBy };
    const object = await this.storage.read(key, MAX_UPLOAD_BYTES);
    if (!object) return 'ignored';
    if (!object.bytes) return this.refuse(uploader, key, upload, 'too_large');
    const facts = await inspectImage(object.bytes);
    if ('refused' in facts) return this.refuse(uploader, key, upload, facts.refused);

    const renditions = await renditionsOf(object.bytes, facts);
    const stored = await Promise.all(
      renditions.map(async (r) => {
        const objectKey = renditionObjectKey(parsed.tenant, upload.id, r.width, r.extension);
        await this.storage.write(objectKey, r.bytes, r.contentType);
        return { width: r.width, height: r.height, format: r.format, key: objectKey, bytes: r.bytes.length };
      }),
    );
    const settings = await this.settings.current(uploader);
    const countKey = mediaCountKey(upload.ownerKind, upload.ownerCode);
    const position = (await this.items.get<{ n?: number }>(uploader, countKey))?.n ?? 0;
    const attributes: MediaAttributes = { ownerKind: upload.ownerKind, ownerCode: upload.ownerCode, alt: '', position, width: facts.width, height: facts.height, format: facts.format, renditions: stored, variantSkus: [] };
    const bytes = storedBytes(attributes);
    const limits: TenantWrite[] = [
      // Reason: an owner keeps at most maxImagesPerProduct images, however many uploads race.
      { update: countKey, set: 'SET n = if_not_exists(n, :zero) + :one', condition: 'attribute_not_exists(n) OR n < :max', values: { ':zero': 0, ':one': 1, ':max': settings.maxImagesPerProduct } },
      // Reason: the shop keeps at most maxMediaBytes bytes of renditions.
      { update: MEDIA_BYTES_KEY, set: 'SET bytes = if_not_exists(bytes, :zero) + :b', condition: 'attribute_not_exists(bytes) OR bytes <= :room', values: { ':zero': 0, ':b': bytes, ':room': settings.maxMediaBytes - bytes } },
      // Reason: an upload is published once; a refused one never.
      { update: uploadKey(upload.id), set: 'SET #status = :published', condition: '#status = :pending', names: { '#status': 'status' }, values: { ':published': 'published', ':pending': 'pending' } },
    ];
    try {
      if (bytes > settings.maxMediaBytes) return this.refuse(uploader, key, upload, 'over_media_bytes', true);
      await this.commands.publish(uploader, { type: MEDIA_ENTITY, code: upload.id, attributes, indexes: ownerIndex(uploader, upload.id, attributes) }, { expectedVersion: 0, alsoWrite: limits });
    } catch (error) {
      // [media version 1, image count, shop bytes, upload]
      const reasons = cancellationReasons(error);
      if (error instanceof VersionConflictError || reasons?.[3] === 'ConditionalCheckFailed') return this.ignore(key, 'published by an earlier delivery');
      if (reasons?.[1] === 'ConditionalCheckFailed') return this.refuse(uploader, key, upload, 'too_many_images', true);
      if (reasons?.[2] === 'ConditionalCheckFailed') return this.refuse(uploader, key, upload, 'over_media_bytes', true);
      throw error;
    }
    await this.storage.remove(key);
    logger.info('media published', { tenant: parsed.tenant, media: upload.id, owner: `${upload.ownerKind}:${upload.ownerCode}`, renditions: stored.length, bytes });
    return 'published';
  }

  /** Records the refusal on the upload (once), and deletes the object and any rendition written. */
  private async refuse(ctx: TenantContext, key: string, upload: MediaUpload, reason: UploadRefusal, renditionsWritten = false): Promise<UploadOutcome> {
    try {
      await this.items.update(ctx, uploadKey(upload.id), 'SET #status = :refused, reason = :reason', { ':refused': 'refused', ':reason': reason, ':pending': 'pending' }, { '#status': 'status' }, '#status = :pending');
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    if (renditionsWritten) await this.storage.removeAll(mediaObjectPrefix(ctx.tenantCode, upload.id));
    await this.storage.remove(key);
    logger.warn('upload refused', { tenant: ctx.tenantCode, upload: upload.id, reason });
    return 'refused';
  }

  /** Deletes an object that is no upload to process (a stranger's key, a repeat): nothing else is touched. */
  private async ignore(key: string, why: string): Promise<UploadOutcome> {
    await this.storage.remove(key);
    logger.warn('uploaded object deleted unprocessed', { key, why });
    return 'ignored';
  }
}
