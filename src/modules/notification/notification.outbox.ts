import { Injectable } from '@nestjs/common';
import { Page } from '../../core/entity';
import { PageRequest } from '../../core/pagination';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { MailerProvider } from './mailer';
import { Mail, OutboxMessage } from './notification.model';
import { outboxKey, outboxPrefix } from './notification.keys';

/**
 * Every notification is first an outbox item keyed by its cause, then sent, then marked sent.
 * Delivering the same message id again sends nothing. A crash between sending and marking can
 * send one mail twice (at-least-once); SES offers no idempotent send to close that gap.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly items: TenantItemStore,
    private readonly mailers: MailerProvider,
  ) {}

  async deliver(ctx: TenantContext, messageId: string, topic: string, mail: Mail): Promise<void> {
    const sk = outboxKey(messageId);
    const fresh: OutboxMessage = { ...mail, messageId, topic, status: 'pending', createdAt: new Date().toISOString() };
    const created = await this.items.putIfAbsent(ctx, sk, { ...fresh });
    // A redelivery reads what the first delivery stored; a fresh message is what we just wrote.
    const message = created ? fresh : (await this.items.get<OutboxMessage>(ctx, sk))!;
    if (message.status !== 'pending') return;
    if (!message.to) {
      await this.mark(ctx, sk, 'skipped', { skippedReason: 'no recipient address' });
      return;
    }
    await this.mailers.mailer.send(ctx, messageId, { ...message, to: message.to });
    await this.mark(ctx, sk, 'sent', { sentAt: new Date().toISOString() });
  }

  async list(ctx: TenantContext, page: PageRequest): Promise<Page<OutboxMessage>> {
    return this.items.list<OutboxMessage>(ctx, outboxPrefix(), page);
  }

  private async mark(ctx: TenantContext, sk: string, status: 'sent' | 'skipped', extra: Record<string, string>): Promise<void> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': status };
    const sets = ['#status = :status'];
    for (const [field, value] of Object.entries(extra)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    await this.items.update(ctx, sk, `SET ${sets.join(', ')}`, values, names);
  }
}
