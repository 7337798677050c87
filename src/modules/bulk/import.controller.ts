import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { EmptyBodyDto } from '../../http/empty-body.dto';
import { PageQueryDto } from '../../http/page-query.dto';
import { pageView } from '../../http/page-view';
import { CreatedImportResponse, CreateImportDto, ImportPageResponse, ImportResponse } from './dto/bulk.dto';
import { ImportJobs } from './import.jobs';

/** Bulk imports from CSV: the file goes to S3 by a presigned form, the job runs on the jobs consumer. */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: ImportJobs) {}

  @Post()
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Ask for an import: the job (awaiting_upload) and a presigned S3 upload form; one import at a time per shop' })
  @ApiResponse({ status: 201, description: 'The import (awaiting_upload) and its upload form', type: CreatedImportResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 409, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateImportDto) {
    const { job, upload } = await this.imports.create(ctx, dto.kind, dto.dryRun ?? false);
    return { import: entityView(job), upload };
  }

  @Get()
  @Allow('catalog.write')
  @ApiOperation({ summary: "List the shop's imports, oldest first (may lag the newest changes by a moment)" })
  @ApiResponse({ status: 200, description: 'A page of imports', type: ImportPageResponse })
  @ApiErrors(400, 401, 403, 504)
  async list(@Tenant() ctx: TenantContext, @Query() query: PageQueryDto) {
    return pageView(await this.imports.list(ctx, query));
  }

  @Get(':id')
  @Allow('catalog.write')
  @ApiOperation({ summary: 'One import: status and rows by outcome (newest version)' })
  @ApiResponse({ status: 200, description: 'The import (newest version)', type: ImportResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    return entityView(await this.imports.get(ctx, id));
  }

  @Post(':id/start')
  @HttpCode(200)
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Start the import once the file is uploaded (validating); again changes nothing' })
  @ApiBody({ type: EmptyBodyDto, required: false, description: 'no fields: send no body, or {}' })
  @ApiResponse({ status: 200, description: 'The import, validating (or as it was, past that)', type: ImportResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async start(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() _body: EmptyBodyDto) {
    return entityView(await this.imports.start(ctx, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow('catalog.write')
  @ApiOperation({ summary: 'Cancel the import: batches applied stay, the rest is not written; again answers the cancelled import' })
  @ApiBody({ type: EmptyBodyDto, required: false, description: 'no fields: send no body, or {}' })
  @ApiResponse({ status: 200, description: 'The import, cancelled', type: ImportResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 404, 409, 413, 422, 504)
  async cancel(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Body() _body: EmptyBodyDto) {
    return entityView(await this.imports.cancel(ctx, id));
  }

  @Get(':id/report')
  @Allow('catalog.write')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'The per-row report as CSV: row, product_code, sku, outcome (created, updated, unchanged, failed), column, reason' })
  @ApiResponse({ status: 200, description: 'RFC 4180 CSV, one line per outcome of a row (a row refused for several reasons has one line each)', schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404, 409, 504)
  async report(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string, @Res({ passthrough: true }) res: Response) {
    const csv = await this.imports.report(ctx, id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="import-${id}-report.csv"`);
    return csv;
  }
}
