import { Module } from '@nestjs/common';
import { MailerProvider } from './mailer';
import { NotificationOutbox } from './notification.outbox';
import { OrderMailSyncHandler } from './order-mail.sync-handler';

@Module({
  providers: [NotificationOutbox, MailerProvider, OrderMailSyncHandler],
  exports: [NotificationOutbox],
})
export class NotificationModule {}
