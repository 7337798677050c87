import { Module } from '@nestjs/common';
import { CategoryController } from './category.controller';
import { ProductController } from './product.controller';
import { CatalogModule } from './catalog.module';
import { CategoryMediaController, ProductMediaController } from './media.controller';
import { MediaModule } from '../media/media.module';
import { ProductListService } from './product-list.service';

/** The catalog context's HTTP routes; its services live in CatalogModule, which the stream and schedule Lambdas load without HTTP. */
@Module({
  imports: [CatalogModule, MediaModule],
  controllers: [ProductController, CategoryController, ProductMediaController, CategoryMediaController],
  providers: [ProductListService],
})
export class CatalogHttpModule {}
