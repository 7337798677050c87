import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ReviewService } from './review.service';

/** Reviews: written as entities, read (with their summary) from the read model. */
@Module({
  imports: [CatalogModule],
  providers: [ReviewService],
  exports: [ReviewService],
})
export class ReviewModule {}
