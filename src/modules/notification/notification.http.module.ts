import { Module } from '@nestjs/common';
import { NotificationController } from './notification.controller';
import { NotificationModule } from './notification.module';

/** The notification context's HTTP routes; its services live in NotificationModule, which the stream and schedule Lambdas load without HTTP. */
@Module({
  imports: [NotificationModule],
  controllers: [NotificationController],
})
export class NotificationHttpModule {}
