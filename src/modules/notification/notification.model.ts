export interface Mail {
  /** Absent when nobody can be written to; the message is kept as `skipped`. */
  to?: string;
  subject: string;
  body: string;
  /**
   * Values in the subject or body that only the recipient may see: a sign-in code, a guest's
   * order token. The outbox keeps them only until the mail is sent (a redelivery must send the
   * same words) and never shows them: staff who read the outbox could otherwise reset a
   * customer's (or the owner's) password with the code, or act as a guest.
   */
  secrets?: string[];
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
