import { Module } from '@nestjs/common';
import { CartReminderSyncHandler } from './cart-reminder.sync-handler';
import { MailerProvider } from './mailer';
import { NotificationOutbox } from './notification.outbox';
import { OrderMailSyncHandler } from './order-mail.sync-handler';
import { PaymentMailSyncHandler } from './payment-mail.sync-handler';

@Module({
  providers: [NotificationOutbox, MailerProvider, OrderMailSyncHandler, CartReminderSyncHandler, PaymentMailSyncHandler],
  exports: [NotificationOutbox],
})
export class NotificationModule {}
