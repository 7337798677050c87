import { Body, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { MediaLibrary, MediaOwner, MediaOwnerKind } from '../media';
import { MediaDeletedResponse, MediaListResponse, MediaResponse, MediaUploadResponse, ReorderMediaDto, RequestUploadDto, UpdateMediaDto, UploadTicketResponse } from './dto/media.dto';

/**
 * The image routes of an owner (`/products/:code/media`, `/categories/:code/media`): the catalog
 * says which owners exist and which variants an image may show; media does the rest.
 */
export abstract class MediaRoutes {
  protected abstract readonly kind: MediaOwnerKind;
  constructor(protected readonly media: MediaLibrary) {}

  /** 404 when the owner does not exist; the SKUs an image of it may show. */
  protected abstract ownerSkus(ctx: TenantContext, code: string): Promise<string[]>;

  private async owner(ctx: TenantContext, code: string): Promise<MediaOwner> {
    await this.ownerSkus(ctx, code);
    return { kind: this.kind, code };
  }

  @Post()
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Ask for an image upload: a presigned S3 POST (JPEG, PNG, WebP or AVIF, at most 10 MB, 5 minutes)' })
  @ApiResponse({ status: 201, description: 'The presigned POST and the upload id', type: UploadTicketResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async requestUpload(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: RequestUploadDto) {
    return this.media.requestUpload(ctx, await this.owner(ctx, code), dto.contentType);
  }

  @Get()
  @Allow('catalog.read')
  @ApiOperation({ summary: 'The images, by position' })
  @ApiResponse({ status: 200, description: 'The images by position', type: MediaListResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async list(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string) {
    return { items: await this.media.list(ctx, await this.owner(ctx, code)) };
  }

  @Get('uploads/:uploadId')
  @Allow('catalog.read')
  @ApiOperation({ summary: 'What became of an upload: pending, published, or refused with the reason' })
  @ApiResponse({ status: 200, description: 'The upload and what became of it', type: MediaUploadResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async upload(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Param('uploadId', CodeParam) uploadId: string) {
    const { expiresAt: _ttl, ...upload } = await this.media.upload(ctx, await this.owner(ctx, code), uploadId);
    return upload;
  }

  @Put('order')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Reorder images, each with the version you last read' })
  @ApiResponse({ status: 200, type: MediaListResponse, description: 'The images moved, at their new versions', headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async reorder(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Body() dto: ReorderMediaDto) {
    return { items: await this.media.reorder(ctx, await this.owner(ctx, code), dto.items) };
  }

  @Patch(':mediaId')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Set alt text and the variants an image shows, with the version you last read' })
  @ApiResponse({ status: 200, description: 'The image at its new version', type: MediaResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async update(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Param('mediaId', CodeParam) mediaId: string, @Body() dto: UpdateMediaDto) {
    const skus = await this.ownerSkus(ctx, code);
    const unknown = (dto.variantSkus ?? []).map((sku, i) => ({ sku, i })).filter(({ sku }) => !skus.includes(sku));
    if (unknown.length) throw new ValidationFailedError(unknown.map(({ sku, i }) => ({ field: `variantSkus.${i}`, problem: `${sku} is not a variant of ${this.kind} ${code}` })));
    return this.media.update(ctx, { kind: this.kind, code }, mediaId, dto.expectedVersion, { alt: dto.alt, variantSkus: dto.variantSkus });
  }

  @Delete(':mediaId')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Delete an image; its renditions are removed right after (repeat it safely)' })
  @ApiResponse({ status: 200, description: 'Deleted (or deleted already)', type: MediaDeletedResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 413, 422, 504)
  async remove(@Tenant() ctx: TenantContext, @Param('code', CodeParam) code: string, @Param('mediaId', CodeParam) mediaId: string) {
    await this.media.remove(ctx, await this.owner(ctx, code), mediaId);
    return { id: mediaId, deleted: true };
  }
}
