import { Module } from '@nestjs/common';
import { OrderAccessTokens } from '../order';
import { TenantModule } from '../tenant/tenant.module';
import { BackInStockMail } from './back-in-stock.mail';
import { CartReminderSyncHandler } from './cart-reminder.sync-handler';
import { IdentityMail } from './identity.mail';
import { LowStockMail } from './low-stock.mail';
import { MailerProvider } from './mailer';
import { NotificationOutbox } from './notification.outbox';
import { OrderMailSyncHandler } from './order-mail.sync-handler';
import { PaymentMailSyncHandler } from './payment-mail.sync-handler';

@Module({
  imports: [TenantModule],
  providers: [NotificationOutbox, OrderAccessTokens, MailerProvider, OrderMailSyncHandler, CartReminderSyncHandler, PaymentMailSyncHandler, LowStockMail, BackInStockMail, IdentityMail],
  // For its own HTTP module's controller.
  exports: [NotificationOutbox],
})
export class NotificationModule {}
