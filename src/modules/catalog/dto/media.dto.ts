import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { SingleLineText } from '../../../http/plain-text';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES, UPLOAD_REFUSALS, UPLOAD_STATUSES, UploadContentType } from '../../media';

const MEDIA_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export class RequestUploadDto {
  @ApiProperty({ enum: UPLOAD_CONTENT_TYPES, description: 'the type the browser will send; the media function re-checks the bytes themselves' })
  @IsIn(UPLOAD_CONTENT_TYPES)
  contentType!: UploadContentType;
}

export class UpdateMediaDto {
  @ApiProperty({ example: 1, description: 'the version of the image you last read; 409 if it is not the latest' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiPropertyOptional({ example: 'White espresso cup, side view', maxLength: 250 })
  @IsOptional()
  @IsString()
  @MaxLength(250)
  @SingleLineText()
  alt?: string;

  @ApiPropertyOptional({ type: [String], example: ['CUP-ESP-WHT'], description: 'variants this image shows (empty: the whole product); each a SKU of the product' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CODE_PATTERN, { each: true, message: `each ${CODE_MESSAGE}` })
  variantSkus?: string[];
}

export class MediaPositionDto {
  @ApiProperty({ type: String, example: '01JF3Z8V6Q9R2S4T6V8W0X2Y4Z' })
  @Matches(MEDIA_ID, { message: 'must be an image id (26 characters)' })
  id!: string;

  @ApiProperty({ example: 1, description: 'the version of this image you last read' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;
}

export class ReorderMediaDto {
  @ApiProperty({ type: [MediaPositionDto], description: 'images in their new order: positions 0, 1, ... in one transaction; images left out keep theirs' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MediaPositionDto)
  items!: MediaPositionDto[];
}

@ApiSchema({ name: 'MediaRendition' })
export class MediaRenditionResponse {
  @ApiProperty({ type: 'integer', example: 480 }) width!: number;
  @ApiProperty({ type: 'integer', example: 360 }) height!: number;
  @ApiProperty({ type: String, example: 'webp', description: '`heif` (AVIF: every image has it, served as image/avif from a .avif URL), `webp`, and the original\'s format (`jpeg`, `png`)' }) format!: string;
  @ApiProperty({ type: String, example: 'https://d111111abcdef8.cloudfront.net/shop/01JF3Z8V6Q9R2S4T6V8W0X2Y4Z/480.webp' }) url!: string;
}

@ApiSchema({ name: 'Media', description: 'one image: its own versioned entity, so editing it never bumps the product' })
export class MediaResponse {
  @ApiProperty({ type: String, example: '01JF3Z8V6Q9R2S4T6V8W0X2Y4Z', description: 'the id of the upload it came from' }) id!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: String }) alt!: string;
  @ApiProperty({ type: 'integer', description: 'order among the owner\'s images, lowest first' }) position!: number;
  @ApiProperty({ type: 'integer', description: 'of the original, turned upright' }) width!: number;
  @ApiProperty({ type: 'integer' }) height!: number;
  @ApiProperty({ type: [String] }) variantSkus!: string[];
  @ApiProperty({ type: [MediaRenditionResponse], description: '160, 480, 960 and 1600 px wide where the original reaches them (never upscaled; a narrower original also at its own width), each as WebP and in the original format, without metadata' })
  renditions!: MediaRenditionResponse[];
}

@ApiSchema({ name: 'MediaList' })
export class MediaListResponse {
  @ApiProperty({ type: [MediaResponse], description: 'by position; lags the media function and the stream by a moment' }) items!: MediaResponse[];
}

@ApiSchema({ name: 'UploadTicket', description: 'a presigned S3 POST: send `fields` then the file as `file`, multipart/form-data, to `url`' })
export class UploadTicketResponse {
  @ApiProperty({ type: String, description: 'read what became of it at `.../media/uploads/{uploadId}`; the image gets this id' }) uploadId!: string;
  @ApiProperty({ type: String, example: 'tenants/shop/uploads/01JF3Z8V6Q9R2S4T6V8W0X2Y4Z' }) key!: string;
  @ApiProperty({ type: String }) url!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) fields!: Record<string, string>;
  @ApiProperty({ type: 'integer', example: MAX_UPLOAD_BYTES }) maxBytes!: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'the presigned POST is refused after this' }) validUntil!: string;
}

@ApiSchema({ name: 'MediaUpload' })
export class MediaUploadResponse {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ enum: ['product', 'category'] }) ownerKind!: string;
  @ApiProperty({ type: String }) ownerCode!: string;
  @ApiProperty({ enum: UPLOAD_CONTENT_TYPES }) contentType!: string;
  @ApiProperty({ enum: UPLOAD_STATUSES, description: '`published`: the image with the same id exists; `refused`: the file was deleted' }) status!: string;
  @ApiPropertyOptional({ enum: UPLOAD_REFUSALS, description: 'why the media function refused the file' }) reason?: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String }) createdBy!: string;
}

@ApiSchema({ name: 'MediaDeleted' })
export class MediaDeletedResponse {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ type: Boolean, enum: [true] }) deleted!: true;
}
