import { Module } from '@nestjs/common';
import { WishlistController } from './wishlist.controller';
import { WishlistModule } from './wishlist.module';

@Module({ imports: [WishlistModule], controllers: [WishlistController] })
export class WishlistHttpModule {}
