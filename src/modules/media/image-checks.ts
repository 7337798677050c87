import sharp, { FormatEnum, Metadata } from 'sharp';
import { MAX_IMAGE_PIXELS, RENDITION_WIDTHS, UploadRefusal } from './media.model';

/** Formats the shop stores, as sharp names them from the bytes (AVIF is `heif` with an AV1 payload). */
const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp', 'heif'] as const;
const EXTENSION: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', heif: 'avif' };
const CONTENT_TYPE: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heif: 'image/avif' };

export interface ImageFacts {
  format: string;
  width: number;
  height: number;
}

export interface Rendition {
  width: number;
  height: number;
  format: string;
  extension: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * What the bytes are, read from their header only (never the name or the content type the
 * browser sent): a refusal when they are no image, not a format the shop keeps, or more pixels
 * than MAX_IMAGE_PIXELS (read before any decoding, so a decompression bomb is never decoded).
 */
export async function inspectImage(bytes: Buffer): Promise<ImageFacts | { refused: UploadRefusal }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return { refused: 'not_an_image' };
  }
  if (!meta.format || !meta.width || !meta.height) return { refused: 'not_an_image' };
  if (!(ACCEPTED_FORMATS as readonly string[]).includes(meta.format)) return { refused: 'unsupported_format' };
  if (meta.format === 'heif' && meta.compression !== 'av1') return { refused: 'unsupported_format' };
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) return { refused: 'too_many_pixels' };
  // EXIF orientation 5-8 swaps the sides once the image is turned upright.
  const turned = (meta.orientation ?? 1) >= 5;
  return { format: meta.format, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

/**
 * AVIF effort (0-9): the fastest. Measured here (2 busy cores, a 1600 px photo of noise, the
 * worst case): effort 0 cost about what WebP does (5 s), effort 2 three times that, the default 4
 * ten times: a 10 MB upload's four widths must stay well inside the function's time.
 */
const AVIF_EFFORT = 0;

/**
 * The renditions of an inspected image: each width of RENDITION_WIDTHS it reaches (and its own
 * width when it is narrower than all, never upscaled), as AVIF (`heif` to sharp), WebP and in its
 * own format, so a storefront's `<picture>` can offer the smallest the browser takes. Turned
 * upright by its EXIF orientation first; sharp writes no metadata (EXIF, GPS, XMP, ICC) unless
 * asked, so none of what the camera recorded reaches the stored files.
 */
export async function renditionsOf(bytes: Buffer, facts: ImageFacts): Promise<Rendition[]> {
  const widths = RENDITION_WIDTHS.filter((w) => w <= facts.width);
  if (widths.length < RENDITION_WIDTHS.length && !widths.includes(facts.width as never)) widths.push(facts.width as never);
  const out: Rendition[] = [];
  for (const width of widths) {
    for (const format of new Set(['heif', 'webp', facts.format])) {
      const pipeline = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().resize({ width, withoutEnlargement: true });
      const encoded = format === 'heif' ? pipeline.avif({ effort: AVIF_EFFORT }) : pipeline.toFormat(format as keyof FormatEnum);
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      out.push({ width: info.width, height: info.height, format, extension: EXTENSION[format], contentType: CONTENT_TYPE[format], bytes: data });
    }
  }
  return out;
}
