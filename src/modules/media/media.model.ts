/** What an image belongs to: media is generic, the catalog attaches it to its products and categories. */
export const MEDIA_OWNER_KINDS = ['product', 'category'] as const;
export type MediaOwnerKind = (typeof MEDIA_OWNER_KINDS)[number];

export interface MediaOwner {
  kind: MediaOwnerKind;
  code: string;
}

/** The types a browser may upload (the presigned POST's condition; the media function re-checks the bytes). */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/** Largest upload (the presigned POST's condition, re-checked by the function: the local emulator ignores the policy). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Largest image in pixels (width x height), read from the header before decoding: a decompression bomb never decodes. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Rendition widths; an image narrower than one gets no rendition of it (never upscaled), and one of its own width. */
export const RENDITION_WIDTHS = [160, 480, 960, 1600] as const;
/** How long a presigned upload may be used. */
export const UPLOAD_TTL_SECONDS = 300;

/** Why the media function refused an upload (the upload's `reason`). */
export const UPLOAD_REFUSALS = ['not_an_image', 'unsupported_format', 'too_large', 'too_many_pixels', 'too_many_images', 'over_media_bytes'] as const;
export type UploadRefusal = (typeof UPLOAD_REFUSALS)[number];

export const UPLOAD_STATUSES = ['pending', 'published', 'refused'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** An upload asked for by staff: the media function moves it from `pending` to `published` or `refused`. */
export interface MediaUpload {
  id: string;
  ownerKind: MediaOwnerKind;
  ownerCode: string;
  contentType: UploadContentType;
  status: UploadStatus;
  reason?: UploadRefusal;
  createdAt: string;
  createdBy: string;
  expiresAt: number;
}

/** One stored rendition: its object key, not a URL (the URL is built at read time from the deployment's media base URL). */
export interface StoredRendition {
  width: number;
  height: number;
  format: string;
  key: string;
  bytes: number;
}

/** The MEDIA entity: one image of a product or category, versioned on its own (an upload never bumps the product). */
export interface MediaAttributes {
  ownerKind: MediaOwnerKind;
  ownerCode: string;
  alt: string;
  position: number;
  width: number;
  height: number;
  /** The original's format as sharp names it (`jpeg`, `png`, `webp`, `heif` for AVIF). */
  format: string;
  renditions: StoredRendition[];
  /** Variants this image shows (empty: the whole product). */
  variantSkus: string[];
  /** Set by DELETE: the image is gone from lists and its renditions are removed. */
  deleted?: boolean;
}

/** Sum of an image's rendition bytes: what the shop's media byte counter holds. */
export const storedBytes = (media: Pick<MediaAttributes, 'renditions'>) => media.renditions.reduce((sum, r) => sum + r.bytes, 0);
