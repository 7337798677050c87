import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService, staleVersion } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityRecord } from '../../core/entity';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../core/errors';
import { indexPk, sortKey } from '../../core/keys';
import { OWNER_EDIT, retryOnConflict } from '../../core/retry';
import { DATA_INDEXES } from '../../core/tables';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ShopSettingsService } from '../tenant';
import { MEDIA_BYTES_KEY, MEDIA_ENTITY, mediaCountKey, mediaObjectPrefix, mediaOwnerGroup, uploadKey, uploadObjectKey } from './media.keys';
import { MAX_UPLOAD_BYTES, MediaAttributes, MediaOwner, MediaUpload, storedBytes, UPLOAD_TTL_SECONDS, UploadContentType } from './media.model';
import { MediaStorage, PresignedUpload } from './media.storage';

/** What the API shows of an image: rendition URLs with their sizes, ready for `srcset`. */
export interface MediaView {
  id: string;
  version: number;
  alt: string;
  position: number;
  width: number;
  height: number;
  variantSkus: string[];
  renditions: { width: number; height: number; format: string; url: string }[];
}

export interface UploadTicket extends PresignedUpload {
  uploadId: string;
  key: string;
  maxBytes: number;
  /** The presigned POST is refused after this. */
  validUntil: string;
}

/** An upload record lives a day: long enough for the uploader to read what became of it. */
const UPLOAD_RECORD_SECONDS = 86_400;

/**
 * The images of products and categories: presigned uploads, the list, order, alt text, variant
 * links and deletion. Each image is its own versioned MEDIA entity (code: the upload id), so
 * editing an image never bumps its product's version and a product edit never races an upload.
 * Which owner exists, and which variants it has, is the caller's (catalog's) business.
 */
@Injectable()
export class MediaLibrary {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly items: TenantItemStore,
    private readonly settings: ShopSettingsService,
    private readonly storage: MediaStorage,
  ) {}

  /**
   * A presigned POST for one image of the owner. Refused early (409 `media_limit`) when the
   * owner or the shop is at its limit; the media function re-checks both in the write that
   * publishes the image, since uploads may be asked for side by side.
   */
  async requestUpload(ctx: TenantContext, owner: MediaOwner, contentType: UploadContentType): Promise<UploadTicket> {
    const settings = await this.settings.current(ctx);
    const counters = await this.items.getMany<{ n?: number; bytes?: number }>(ctx, [mediaCountKey(owner.kind, owner.code), MEDIA_BYTES_KEY]);
    const count = counters.get(mediaCountKey(owner.kind, owner.code))?.n ?? 0;
    if (count >= settings.maxImagesPerProduct) {
      throw new ConflictError(`${owner.kind} ${owner.code} has ${count} images: at most ${settings.maxImagesPerProduct} (maxImagesPerProduct)`, { reason: 'media_limit', limit: 'maxImagesPerProduct' });
    }
    if ((counters.get(MEDIA_BYTES_KEY)?.bytes ?? 0) >= settings.maxMediaBytes) {
      throw new ConflictError(`the shop keeps ${settings.maxMediaBytes} bytes of images already (maxMediaBytes)`, { reason: 'media_limit', limit: 'maxMediaBytes' });
    }
    const id = ulid();
    const now = Date.now();
    const upload: MediaUpload = {
      id,
      ownerKind: owner.kind,
      ownerCode: owner.code,
      contentType,
      status: 'pending',
      createdAt: new Date(now).toISOString(),
      createdBy: ctx.userId,
      expiresAt: Math.floor(now / 1000) + UPLOAD_RECORD_SECONDS,
    };
    await this.items.putIfAbsent(ctx, uploadKey(id), { ...upload });
    const key = uploadObjectKey(ctx.tenantCode, id);
    const presigned = await this.storage.presignUpload(key, contentType);
    return { uploadId: id, key, maxBytes: MAX_UPLOAD_BYTES, validUntil: new Date(now + UPLOAD_TTL_SECONDS * 1000).toISOString(), ...presigned };
  }

  /** What became of an upload of this owner: `pending`, `published` (its image has the same id) or `refused` with a reason. */
  async upload(ctx: TenantContext, owner: MediaOwner, id: string): Promise<MediaUpload> {
    const upload = await this.items.get<MediaUpload>(ctx, uploadKey(id));
    if (!upload || upload.ownerKind !== owner.kind || upload.ownerCode !== owner.code) throw new NotFoundError('upload', id);
    return upload;
  }

  /** The owner's images by position (the byOwner index: lags the stream, like every list). An owner has at most 200. */
  async list(ctx: TenantContext, owner: MediaOwner): Promise<MediaView[]> {
    const page = await this.data.listIndexed<MediaAttributes>(ctx, DATA_INDEXES.byOwner, mediaOwnerGroup(owner.kind, owner.code), { limit: 200 });
    return page.items.sort((a, b) => a.attributes.position - b.attributes.position || a.code.localeCompare(b.code)).map((m) => this.view(m));
  }

  /** Alt text and variant links, with the version the caller last read (409 with the current one when stale). */
  async update(ctx: TenantContext, owner: MediaOwner, id: string, expectedVersion: number, changes: { alt?: string; variantSkus?: string[] }): Promise<MediaView> {
    const written = await this.commands.update<MediaAttributes>(ctx, MEDIA_ENTITY, id, expectedVersion, (current) => ({
      attributes: { ...current.attributes, ...(changes.alt !== undefined ? { alt: changes.alt } : {}), ...(changes.variantSkus ? { variantSkus: [...new Set(changes.variantSkus)] } : {}) },
      indexes: ownerIndex(ctx, id, current.attributes),
    }), (item) => belongsTo(item, owner));
    return this.view(written);
  }

  /**
   * New positions, in the order given (0, 1, ...), each image with the version the caller last
   * read: all in one transaction, or a 409 naming the first stale one and nothing moved.
   */
  async reorder(ctx: TenantContext, owner: MediaOwner, order: { id: string; expectedVersion: number }[]): Promise<MediaView[]> {
    const ids = order.map((o) => o.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new ValidationFailedError([{ field: 'items', problem: `${twice} is given more than once` }]);
    const read = await Promise.all(order.map((o) => this.commands.getVersion<MediaAttributes>(ctx, MEDIA_ENTITY, o.id, o.expectedVersion)));
    const parts = await Promise.all(
      order.map(async (o, position) => {
        const found = read[position];
        if (!found) {
          const latest = await this.commands.getLatest<MediaAttributes>(ctx, MEDIA_ENTITY, o.id);
          if (!latest || !belongsTo(latest, owner)) throw new NotFoundError('media', o.id);
          throw staleVersion(MEDIA_ENTITY, o.id, o.expectedVersion, latest);
        }
        if (!belongsTo(found, owner)) throw new NotFoundError('media', o.id);
        // Not `holding`: the transaction re-checks that each version read is still the newest.
        return { input: { type: MEDIA_ENTITY, code: o.id, attributes: { ...found.attributes, position }, indexes: ownerIndex(ctx, o.id, found.attributes) }, options: { expectedVersion: o.expectedVersion } };
      }),
    );
    const written = await this.commands.publishTogether(ctx, parts);
    return (written as CommandItem<MediaAttributes>[]).map((m) => this.view(m));
  }

  /**
   * Deletes an image: a last version marked `deleted` (out of the owner's list, its counts given
   * back in the same transaction), then its renditions. Safe to repeat: an image deleted already
   * only has its renditions removed again, so a failure between the two steps heals on retry.
   */
  async remove(ctx: TenantContext, owner: MediaOwner, id: string): Promise<void> {
    await retryOnConflict(OWNER_EDIT, async () => {
      const latest = await this.commands.getLatest<MediaAttributes>(ctx, MEDIA_ENTITY, id);
      if (!latest || !latestBelongsTo(latest, owner)) throw new NotFoundError('media', id);
      if (latest.attributes.deleted) return;
      const bytes = storedBytes(latest.attributes);
      const giveBack: TenantWrite[] = [
        { update: mediaCountKey(owner.kind, owner.code), set: 'SET n = n - :one', values: { ':one': 1 } },
        { update: MEDIA_BYTES_KEY, set: 'SET bytes = bytes - :b', values: { ':b': bytes } },
      ];
      await this.commands.publish(ctx, { type: MEDIA_ENTITY, code: id, attributes: { ...latest.attributes, deleted: true } }, { expectedVersion: latest.version, holding: latest, alsoWrite: giveBack });
    });
    await this.storage.removeAll(mediaObjectPrefix(ctx.tenantCode, id));
  }

  view(record: EntityRecord<MediaAttributes> | CommandItem<MediaAttributes>): MediaView {
    const a = record.attributes;
    return {
      id: record.code,
      version: record.version,
      alt: a.alt,
      position: a.position,
      width: a.width,
      height: a.height,
      variantSkus: a.variantSkus,
      renditions: a.renditions.map((r) => ({ width: r.width, height: r.height, format: r.format, url: this.storage.url(r.key) })),
    };
  }
}

/** A live image is listed under its owner in the byOwner index; a deleted one is not. */
export function ownerIndex(ctx: TenantContext, id: string, media: Pick<MediaAttributes, 'ownerKind' | 'ownerCode' | 'deleted'>) {
  if (media.deleted) return undefined;
  return { gsi1pk: indexPk(ctx, ...mediaOwnerGroup(media.ownerKind, media.ownerCode)), gsi1sk: sortKey(MEDIA_ENTITY, id) };
}

function latestBelongsTo(item: CommandItem<MediaAttributes>, owner: MediaOwner): boolean {
  return item.attributes.ownerKind === owner.kind && item.attributes.ownerCode === owner.code;
}

/** Another owner's image, or a deleted one, is not found (the path names the owner). */
function belongsTo(item: CommandItem<MediaAttributes>, owner: MediaOwner): boolean {
  return latestBelongsTo(item, owner) && !item.attributes.deleted;
}
