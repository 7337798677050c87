import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { WishlistService } from './wishlist.service';

@Module({ imports: [CatalogModule], providers: [WishlistService], exports: [WishlistService] })
export class WishlistModule {}
