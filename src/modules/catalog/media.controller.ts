import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TenantContext } from '../../core/tenant-context';
import { MediaLibrary } from '../media';
import { MediaRoutes } from './media.routes';
import { CategoryService } from './category.service';
import { ProductService } from './product.service';

@ApiTags('media')
@ApiBearerAuth()
@Controller('products/:code/media')
export class ProductMediaController extends MediaRoutes {
  protected readonly kind = 'product' as const;
  constructor(media: MediaLibrary, private readonly products: ProductService) {
    super(media);
  }

  protected async ownerSkus(ctx: TenantContext, code: string): Promise<string[]> {
    return (await this.products.get(ctx, code)).attributes.variants.map((v) => v.sku);
  }
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('categories/:code/media')
export class CategoryMediaController extends MediaRoutes {
  protected readonly kind = 'category' as const;
  constructor(media: MediaLibrary, private readonly categories: CategoryService) {
    super(media);
  }

  protected async ownerSkus(ctx: TenantContext, code: string): Promise<string[]> {
    await this.categories.get(ctx, code);
    return [];
  }
}
