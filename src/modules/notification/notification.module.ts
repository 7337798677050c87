import { Module } from '@nestjs/common';
import { MailerProvider } from './mailer';
import { NotificationController } from './notification.controller';
import { NotificationOutbox } from './notification.outbox';
import { OrderMailSyncHandler } from './order-mail.sync-handler';

@Module({
  controllers: [NotificationController],
  providers: [NotificationOutbox, MailerProvider, OrderMailSyncHandler],
  exports: [NotificationOutbox],
})
export class NotificationModule {}
