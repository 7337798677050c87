import { CommandService } from '../../core/command.service';
import { SubscriberSource } from '../../core/events';
import { RateLimits } from '../../core/rate-limits';
import { TenantItemStore } from '../../core/tenant-item.store';
import { TenantDirectory } from '../tenant';
import { BackInStockMail } from './back-in-stock.mail';
import { LowStockMail } from './low-stock.mail';
import { MailerProvider } from './mailer';
import { NotificationOutbox } from './notification.outbox';

/**
 * Notification's subscribers for a runtime without Nest (the read-model Lambda), wired by hand
 * once, here where the outbox's dependencies are known, so no publisher ever builds an outbox.
 */
export function subscribersWithoutNest(): SubscriberSource {
  let made: Map<unknown, object> | undefined;
  return (type) => {
    if (!made) {
      const items = new TenantItemStore();
      const tenants = new TenantDirectory(new CommandService());
      const outbox = new NotificationOutbox(items, new MailerProvider(), new RateLimits(items), tenants);
      made = new Map<unknown, object>([
        [BackInStockMail, new BackInStockMail(outbox)],
        [LowStockMail, new LowStockMail(outbox, tenants)],
      ]);
    }
    return made.get(type);
  };
}
