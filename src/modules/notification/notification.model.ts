export interface Mail {
  /** Absent when nobody can be written to; the message is kept as `skipped`. */
  to?: string;
  subject: string;
  body: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'skipped';

export interface OutboxMessage extends Mail {
  messageId: string;
  /** What the message is about: `order.confirmed`, `inventory.low-stock`, ... */
  topic: string;
  status: OutboxStatus;
  createdAt: string;
  sentAt?: string;
  skippedReason?: string;
}
