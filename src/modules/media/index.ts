/**
 * The public surface of `media`: images of products and categories (uploads, checks, renditions,
 * the MEDIA entity). Generic over its owners: the catalog attaches images to what it sells and
 * says which owners and variants exist; media never imports catalog.
 */
export { MediaLibrary } from './media.library';
export type { MediaView, UploadTicket } from './media.library';
export { MEDIA_ENTITY } from './media.keys';
export { MAX_UPLOAD_BYTES, MEDIA_OWNER_KINDS, UPLOAD_CONTENT_TYPES, UPLOAD_REFUSALS, UPLOAD_STATUSES } from './media.model';
export type { MediaAttributes, MediaOwner, MediaOwnerKind, MediaUpload, UploadContentType } from './media.model';
export { renditionUrl } from './media.storage';
export { MediaPublisher } from './media.publisher';
export type { UploadOutcome } from './media.publisher';
