import { Injectable } from '@nestjs/common';
import { Page } from '../../core/entity';
import { PageRequest } from '../../core/pagination';
import { TenantContext } from '../../core/tenant-context';
import { TooManyRequestsError } from '../../core/errors';
import { logger } from '../../core/logger';
import { RateLimits } from '../../core/rate-limits';
import { TenantItemStore } from '../../core/tenant-item.store';
import { recipientMailCount, TenantDirectory, tenantLimits } from '../tenant';
import { MailerProvider } from './mailer';
import { Mail, OutboxMessage } from './notification.model';
import { outboxKey, outboxOrderPrefix, outboxPrefix } from './notification.keys';

export interface DeliveryOptions {
  /** The caller's change was applied by this very delivery (see `deliver`). */
  firstApplication?: boolean;
  /**
   * The address was typed by a guest and nobody verified it: the mail counts against
   * `mailsPerRecipientPerHour` (by normalized mailbox), and past it is recorded `skipped`
   * with the reason. A verified address is its owner's, who is limited by their own actions.
   */
  unverifiedRecipient?: boolean;
}

/**
 * Every notification is an outbox item keyed by its cause, recorded as sent (or skipped).
 * Delivering the same message id again sends nothing. A crash between sending and marking can
 * send one mail twice (at-least-once); SES offers no idempotent send to close that gap.
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    private readonly items: TenantItemStore,
    private readonly mailers: MailerProvider,
    private readonly rateLimits: RateLimits,
    private readonly tenants: TenantDirectory,
  ) {}

  /**
   * `firstApplication`: the caller's change was applied by this very delivery (see
   * SyncedChange), so no earlier run can have sent this message: send, then record it, in one
   * write. Otherwise the message is claimed first and sent only if nobody sent it before.
   */
  async deliver(ctx: TenantContext, messageId: string, topic: string, mail: Mail, options: DeliveryOptions = {}): Promise<void> {
    const sk = outboxKey(messageId);
    const fresh: OutboxMessage = { ...mail, messageId, topic, status: 'pending', createdAt: new Date().toISOString() };
    if (options.firstApplication) {
      const done = await this.send(ctx, fresh, options);
      await this.items.putIfAbsent(ctx, sk, withoutSecrets({ ...fresh, ...done }));
      return;
    }
    const created = await this.items.putIfAbsent(ctx, sk, { ...fresh });
    // A redelivery reads what the first delivery stored; a fresh message is what we just wrote.
    const message = created ? fresh : (await this.items.get<OutboxMessage>(ctx, sk))!;
    if (message.status !== 'pending') return;
    await this.mark(ctx, sk, message, await this.send(ctx, message, options));
  }

  /** Sends the message if it has a recipient who may get one more; says what became of it. */
  private async send(ctx: TenantContext, message: OutboxMessage, options: DeliveryOptions): Promise<Pick<OutboxMessage, 'status' | 'sentAt' | 'skippedReason'>> {
    if (!message.to) return { status: 'skipped', skippedReason: 'no recipient address' };
    if (options.unverifiedRecipient) {
      const count = recipientMailCount(message.to, tenantLimits((await this.tenants.find(ctx.tenantCode))?.attributes));
      try {
        await this.rateLimits.consume(ctx, count.bucket, count.rule);
      } catch (error) {
        if (!(error instanceof TooManyRequestsError)) throw error;
        logger.warn('mail not sent: its recipient got too many', { tenant: ctx.tenantCode, messageId: message.messageId, limit: count.rule.name });
        return { status: 'skipped', skippedReason: `the recipient had ${count.rule.limit} mails this hour (mailsPerRecipientPerHour)` };
      }
    }
    await this.mailers.mailer.send(ctx, message.messageId, { ...message, to: message.to });
    return { status: 'sent', sentAt: new Date().toISOString() };
  }

  /**
   * The outbox in message-id order; with `orderCode`, one Query of the ids starting with the
   * code, keeping the order's mails (`<code>.v<n>`) and its payments' (`<code>-P<n>...`): a page
   * can then hold fewer than `limit` (another order whose code extends this one, rare).
   */
  async list(ctx: TenantContext, page: PageRequest & { orderCode?: string }): Promise<Page<OutboxMessage>> {
    const { orderCode, ...request } = page;
    // A message still pending holds its secrets (for its delivery): never shown.
    if (orderCode === undefined) {
      const listed = await this.items.list<OutboxMessage>(ctx, outboxPrefix(), request);
      return { ...listed, items: listed.items.map(shownInOutbox) };
    }
    const found = await this.items.list<OutboxMessage>(ctx, outboxOrderPrefix(orderCode), request);
    return { ...found, items: found.items.filter((m) => m.messageId.startsWith(`${orderCode}.`) || m.messageId.startsWith(`${orderCode}-P`)).map(shownInOutbox) };
  }

  /** Records what became of the message, and forgets its secrets: it is sent or never will be. */
  private async mark(ctx: TenantContext, sk: string, message: OutboxMessage, outcome: Pick<OutboxMessage, 'status' | 'sentAt' | 'skippedReason'>): Promise<void> {
    const { subject, body } = withoutSecrets(message);
    const names: Record<string, string> = { '#secrets': 'secrets' };
    const values: Record<string, unknown> = {};
    const sets = Object.entries({ ...outcome, subject, body }).map(([field, value]) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      return `#${field} = :${field}`;
    });
    await this.items.update(ctx, sk, `SET ${sets.join(', ')} REMOVE #secrets`, values, names);
  }
}

/** What the outbox may show of a message: each secret of its words replaced. */
export function withoutSecrets<M extends Mail>(message: M): Omit<M, 'secrets'> {
  const { secrets = [], ...shown } = message;
  const hide = (text: string) => secrets.reduce((words, secret) => (secret ? words.split(secret).join(HIDDEN) : words), text);
  return { ...shown, subject: hide(shown.subject), body: hide(shown.body) };
}

const HIDDEN = '[hidden: only the recipient sees it]';

/**
 * Messages stored before mails named their secrets still hold them in their words: a guest's
 * order link token (long-lived) and the sign-in mails' six-digit codes. The outbox hides them
 * where the templates put them (the link's `#token=`, any six digits of an identity mail), so
 * those messages need no rewrite of their own.
 */
const LEGACY_SECRETS: { applies: (message: OutboxMessage) => boolean; pattern: RegExp; shown: string }[] = [
  { applies: () => true, pattern: /#token=(?!\[hidden)[A-Za-z0-9_-]+/g, shown: `#token=${HIDDEN}` },
  { applies: (message) => message.topic.startsWith('identity.'), pattern: /\b\d{6}\b/g, shown: HIDDEN },
];

/** What a reader of the outbox sees of a message: neither its named secrets nor those of a message stored before they were named. */
export function shownInOutbox(message: OutboxMessage): Omit<OutboxMessage, 'secrets'> {
  const shown = withoutSecrets(message);
  const hide = (text: string) => LEGACY_SECRETS.reduce((words, legacy) => (legacy.applies(message) ? words.replace(legacy.pattern, legacy.shown) : words), text);
  return { ...shown, subject: hide(shown.subject), body: hide(shown.body) };
}
