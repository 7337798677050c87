import { sortKey } from '../../core/keys';
import { MediaOwnerKind } from './media.model';

/** Entity type of one image of a product or category; its code is the upload's id (a ULID). */
export const MEDIA_ENTITY = 'MEDIA';

/** An upload asked for and what became of it (`pending`, `published`, `refused`): `{MediaUpload}`, TTL a day. */
export const uploadKey = (id: string) => sortKey('MEDIAUPLOAD', id);

/** How many images an owner has: `{ n }`, moved only in the transactions that publish or delete one. */
export const mediaCountKey = (kind: MediaOwnerKind, owner: string) => sortKey('MEDIACOUNT', kind, owner);

/** Bytes of renditions the shop keeps: `{ bytes }`, moved in the same transactions. */
export const MEDIA_BYTES_KEY = sortKey('MEDIABYTES', 'shop');

/** The byOwner index group listing an owner's images (a deleted image's version carries no index keys). */
export const mediaOwnerGroup = (kind: MediaOwnerKind, owner: string): [string, ...string[]] => ['MEDIAOF', kind, owner];

/**
 * Object keys in the bucket, each under the tenant's part. Two top-level prefixes, because S3's
 * notification and lifecycle filters match key prefixes only: `tenants/` holds nothing but
 * uploads (`tenants/<tenant>/uploads/<id>`: the media function is invoked for it, the
 * lifecycle expires what is left after a day), `media/` the renditions the function writes
 * (`media/<tenant>/<id>/<width>.<ext>`: CloudFront serves it; the function is never invoked
 * for its own writes).
 */
export const UPLOADS_PREFIX = 'tenants/';
export const RENDITIONS_PREFIX = 'media/';
export const uploadObjectKey = (tenant: string, id: string) => `${UPLOADS_PREFIX}${tenant}/uploads/${id}`;
export const renditionObjectKey = (tenant: string, id: string, width: number, extension: string) => `${RENDITIONS_PREFIX}${tenant}/${id}/${width}.${extension}`;
export const mediaObjectPrefix = (tenant: string, id: string) => `${RENDITIONS_PREFIX}${tenant}/${id}/`;

/** Parses an uploaded object's key; undefined for anything not `tenants/<tenant>/uploads/<id>`. */
export function parseUploadObjectKey(key: string): { tenant: string; id: string } | undefined {
  const match = /^tenants\/([^/]+)\/uploads\/([^/]+)$/.exec(key);
  return match ? { tenant: match[1], id: match[2] } : undefined;
}
