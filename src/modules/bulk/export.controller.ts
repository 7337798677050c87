import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Tenant } from '../../auth/auth.decorators';
import { Allow } from '../../auth/permissions';
import { entityView } from '../../core/entity-view';
import { TenantContext } from '../../core/tenant-context';
import { ApiErrors, ApiIdempotencyKey, IDEMPOTENT_REPLAYED_HEADER } from '../../http/api-errors';
import { CodeParam } from '../../http/code-param.pipe';
import { CreateExportDto, ExportResponse } from './dto/bulk.dto';
import { ExportJobs } from './export.jobs';

/** Exports to CSV, written in the background; read the job for a download link that expires. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportController {
  constructor(private readonly exports: ExportJobs) {}

  @Post()
  @Allow('reports.read')
  @ApiOperation({ summary: 'Export products or orders (with filters) to CSV, in the background (running)' })
  @ApiResponse({ status: 201, description: 'The export, running', type: ExportResponse, headers: IDEMPOTENT_REPLAYED_HEADER })
  @ApiIdempotencyKey()
  @ApiErrors(400, 401, 403, 413, 422, 504)
  async create(@Tenant() ctx: TenantContext, @Body() dto: CreateExportDto) {
    return entityView(await this.exports.create(ctx, dto.kind, { ...(dto.filters ?? {}) }));
  }

  @Get(':id')
  @Allow('reports.read')
  @ApiOperation({ summary: 'One export; once completed, with a presigned download link that expires' })
  @ApiResponse({ status: 200, description: 'The export (newest version), with its download link once completed', type: ExportResponse })
  @ApiErrors(400, 401, 403, 404, 504)
  async get(@Tenant() ctx: TenantContext, @Param('id', CodeParam) id: string) {
    const { job, download } = await this.exports.get(ctx, id);
    return { ...entityView(job), ...(download ? { download } : {}) };
  }
}
