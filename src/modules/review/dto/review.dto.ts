import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../../../http/codes';
import { PageQueryDto } from '../../../http/page-query.dto';
import { EntityResponse } from '../../../http/responses/entity.response';
import { MultiLineText, SingleLineText } from '../../../http/plain-text';
import { REVIEW_STATUSES, ReviewStatus } from '../review-list';

export class CreateReviewDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @ApiProperty({ example: 'Keeps its shape', minLength: 1, maxLength: 120 })
  @IsString()
  @SingleLineText()
  @Length(1, 120)
  title!: string;

  @ApiProperty({ example: 'Washed it ten times.', minLength: 1, maxLength: 4000 })
  @IsString()
  @MultiLineText()
  @Length(1, 4000)
  body!: string;
}

export class ModerateReviewDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'the version you last read' })
  @IsInt()
  @Min(1)
  expectedVersion!: number;

  @ApiProperty({ type: Boolean, description: 'true hides it from shoppers and from the rating' })
  @IsBoolean()
  hidden!: boolean;
}

@ApiSchema({ name: 'ReviewAttributes' })
export class ReviewAttributesResponse {
  @ApiProperty({ type: String }) productCode!: string;
  @ApiProperty({ type: String }) customerId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) body!: string;
  @ApiProperty({ type: Boolean }) hidden!: boolean;
}

@ApiSchema({ name: 'Review' })
export class ReviewResponse extends EntityResponse {
  @ApiProperty({ type: ReviewAttributesResponse }) attributes!: ReviewAttributesResponse;
}

@ApiSchema({ name: 'RatingDistribution' })
export class RatingDistributionResponse {
  @ApiProperty({ type: 'integer' }) '1'!: number;
  @ApiProperty({ type: 'integer' }) '2'!: number;
  @ApiProperty({ type: 'integer' }) '3'!: number;
  @ApiProperty({ type: 'integer' }) '4'!: number;
  @ApiProperty({ type: 'integer' }) '5'!: number;
}

@ApiSchema({ name: 'ReviewSummary', description: 'Over the visible reviews' })
export class ReviewSummaryResponse {
  @ApiProperty({ type: Number, nullable: true, description: 'mean rating, 2 decimals; null without reviews' }) average!: number | null;
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: RatingDistributionResponse }) distribution!: RatingDistributionResponse;
}

@ApiSchema({ name: 'ReviewItem' })
export class ReviewItemResponse {
  @ApiProperty({ type: String }) code!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) body!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: Boolean, description: 'admins only (they see hidden reviews too)' }) hidden?: boolean;
}

@ApiSchema({ name: 'ProductReviews' })
export class ProductReviewsResponse {
  @ApiProperty({ type: ReviewSummaryResponse }) summary!: ReviewSummaryResponse;
  @ApiProperty({ type: [ReviewItemResponse], description: 'newest first' }) items!: ReviewItemResponse[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page' }) cursor?: string;
}

/** `GET /reviews`: `limit` (1-100, default 20) and `cursor` (of the previous page, same filters) from PageQueryDto. */
export class ListReviewsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, description: 'published: shoppers see and count it; hidden: hidden by staff' })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @ApiPropertyOptional({ example: 'CREW-TEE', description: "one product's reviews" })
  @IsOptional()
  @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  productCode?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;
}

@ApiSchema({ name: 'ReviewListItem' })
export class ReviewListItemResponse {
  @ApiProperty({ type: String, description: 'the code of PATCH /reviews/{code}' }) code!: string;
  @ApiProperty({ type: 'integer', description: 'the expectedVersion of PATCH /reviews/{code}' }) version!: number;
  @ApiProperty({ type: String }) productCode!: string;
  @ApiPropertyOptional({ type: String, description: "the product's name; absent when the read model has no such product" }) productName?: string;
  @ApiProperty({ type: String, description: "the author's user id" }) customerId!: string;
  @ApiPropertyOptional({ type: String, description: "the author's profile name, when they have one" }) authorName?: string;
  @ApiPropertyOptional({ type: String, description: "the author's email, when the shop knows it" }) authorEmail?: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating!: number;
  @ApiProperty({ type: String }) title!: string;
  @ApiProperty({ type: String }) body!: string;
  @ApiProperty({ enum: REVIEW_STATUSES }) status!: ReviewStatus;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

@ApiSchema({ name: 'ReviewListPage' })
export class ReviewListPageResponse {
  @ApiProperty({ type: [ReviewListItemResponse], description: 'newest first' }) items!: ReviewListItemResponse[];
  @ApiPropertyOptional({ type: String, description: 'absent on the last page; works only with the same filters' }) cursor?: string;
}
