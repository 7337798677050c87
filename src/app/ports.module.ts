import { Global, Module } from '@nestjs/common';
import { LowStockNotifier } from '../modules/inventory';
import { LowStockMail } from '../modules/notification';
import { NotificationModule } from '../modules/notification/notification.module';

/**
 * Ports a context declares and another implements, wired here so neither imports the other
 * the wrong way round (e.g. inventory would otherwise import notification, which reads orders,
 * which hold stock: a cycle). Global: the declaring context's module sees the binding.
 */
@Global()
@Module({
  imports: [NotificationModule],
  providers: [{ provide: LowStockNotifier, useExisting: LowStockMail }],
  exports: [LowStockNotifier],
})
export class PortsModule {}
