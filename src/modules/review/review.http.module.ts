import { Module } from '@nestjs/common';
import { ReviewController } from './review.controller';
import { ReviewModule } from './review.module';

@Module({
  imports: [ReviewModule],
  controllers: [ReviewController],
})
export class ReviewHttpModule {}
