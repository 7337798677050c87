import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, ValidateNested } from 'class-validator';
import { EntityResponse } from '../../../http/responses/entity.response';
import { ORDER_STATUSES } from '../../order';
import { EXPORT_KINDS, EXPORT_STATUSES, IMPORT_KINDS, IMPORT_STATUSES } from '../bulk.model';

export class CreateImportDto {
  @ApiProperty({ enum: IMPORT_KINDS, description: 'what the file holds: products (one row per variant, docs/import-export.md)' })
  @IsIn(IMPORT_KINDS)
  kind!: (typeof IMPORT_KINDS)[number];

  @ApiPropertyOptional({ default: false, description: 'validate only: the report says what would happen, nothing is written' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ExportFiltersDto {
  @ApiPropertyOptional({ description: 'products: only active (true) or only inactive (false) ones' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ORDER_STATUSES, example: 'confirmed', description: 'orders: only this status' })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'orders: placed at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  placedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'orders: placed before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  placedTo?: string;
}

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_KINDS })
  @IsIn(EXPORT_KINDS)
  kind!: (typeof EXPORT_KINDS)[number];

  @ApiPropertyOptional({ type: ExportFiltersDto, description: 'products take active; orders take status, placedFrom and placedTo' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExportFiltersDto)
  filters?: ExportFiltersDto;
}

@ApiSchema({ name: 'ImportCounts', description: 'Rows by outcome: predicted by a dry run, applied so far otherwise' })
export class ImportCountsResponse {
  @ApiProperty({ type: 'integer' }) created!: number;
  @ApiProperty({ type: 'integer' }) updated!: number;
  @ApiProperty({ type: 'integer' }) unchanged!: number;
  @ApiProperty({ type: 'integer' }) failed!: number;
}

@ApiSchema({ name: 'ImportAttributes' })
export class ImportAttributesResponse {
  @ApiProperty({ enum: IMPORT_KINDS }) kind!: string;
  @ApiProperty({ type: Boolean }) dryRun!: boolean;
  @ApiProperty({ enum: IMPORT_STATUSES, description: 'awaiting_upload → validating → validated (dry run) or applying → completed; failed or cancelled' })
  status!: string;
  @ApiProperty({ type: 'integer', description: "the largest file taken (the shop's maxImportFileBytes when the import was asked for)" })
  maxBytes!: number;
  @ApiPropertyOptional({ type: 'integer', description: 'data rows of the file, once validated' })
  rows?: number;
  @ApiProperty({ type: ImportCountsResponse }) counts!: ImportCountsResponse;
  @ApiPropertyOptional({ type: 'integer', description: "categories the file's category_path column creates (a dry run: would create), once validated; each is a `created` line of the report" })
  categoriesCreated?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'batches of products to apply' })
  batches?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'batches applied' })
  batchesDone?: number;
  @ApiPropertyOptional({ type: String, description: "failed: why the file as a whole was refused (too large, not CSV, a missing or unknown column); failed or cancelled: that nothing moved the import for 30 minutes and a newer import took the shop's import slot over" })
  error?: string;
  @ApiProperty({ type: Boolean, description: 'whether GET /imports/{id}/report has the per-row report' })
  reportReady!: boolean;
}

@ApiSchema({ name: 'Import' })
export class ImportResponse extends EntityResponse {
  @ApiProperty({ type: ImportAttributesResponse }) attributes!: ImportAttributesResponse;
}

@ApiSchema({ name: 'UploadForm', description: 'A presigned S3 POST: send a multipart form to url with every field, then the file as the last field, named file' })
export class UploadFormResponse {
  @ApiProperty({ type: String, format: 'uri' }) url!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'the form fields, as given' })
  fields!: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time', description: 'the form is refused after this' })
  validUntil!: string;
}

@ApiSchema({ name: 'CreatedImport' })
export class CreatedImportResponse {
  @ApiProperty({ type: ImportResponse }) import!: ImportResponse;
  @ApiProperty({ type: UploadFormResponse }) upload!: UploadFormResponse;
}

@ApiSchema({ name: 'ImportPage' })
export class ImportPageResponse {
  @ApiProperty({ type: [ImportResponse] }) items!: ImportResponse[];
  @ApiPropertyOptional({ type: String, description: 'opaque; pass it as `cursor` for the next page; absent on the last page' })
  cursor?: string;
}

@ApiSchema({ name: 'ExportAttributes' })
export class ExportAttributesResponse {
  @ApiProperty({ enum: EXPORT_KINDS }) kind!: string;
  @ApiProperty({ type: ExportFiltersDto }) filters!: ExportFiltersDto;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: string;
  @ApiPropertyOptional({ type: 'integer', description: 'rows written (completed)' })
  rows?: number;
  @ApiPropertyOptional({ type: 'integer', description: 'runs that failed so far (each is tried again); the third ends the export failed' })
  attempts?: number;
  @ApiPropertyOptional({ type: String, description: 'failed: why (how many runs failed, and the last error)' })
  error?: string;
}

@ApiSchema({ name: 'DownloadLink' })
export class DownloadLinkResponse {
  @ApiProperty({ type: String, format: 'uri', description: 'a presigned GET of the CSV file' })
  url!: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'the link stops working after this; read the export again for a new one' })
  validUntil!: string;
}

@ApiSchema({ name: 'Export' })
export class ExportResponse extends EntityResponse {
  @ApiProperty({ type: ExportAttributesResponse }) attributes!: ExportAttributesResponse;
  @ApiPropertyOptional({ type: DownloadLinkResponse, description: 'once completed (GET only)' })
  download?: DownloadLinkResponse;
}
