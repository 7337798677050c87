import type { DomainEvent } from '../../core/events';
import { ulid } from 'ulid';

/**
 * Which mail: a code to verify a new address, a note that the address already has an account, a reset code, a staff invitation;
 * a change of address: the code to the new address (`change-email`), or the note that it has an account already (`email-taken`),
 * then the notice to the old address once it is done (`email-changed`).
 */
export type IdentityMailKind = 'verify-email' | 'already-registered' | 'reset-password' | 'invitation' | 'change-email' | 'email-taken' | 'email-changed';

/**
 * Published when a person must get a mail from the sign-in flows (notification mails it through
 * the outbox, so it reaches the shop's sender and the local mail viewer). `code` is the plain
 * code, only in this event (in the call that made it): at rest only its hash is kept.
 */
export interface IdentityMailEvent extends DomainEvent {
  readonly type: 'identity.mail';
  readonly kind: IdentityMailKind;
  readonly to: string;
  readonly code?: string;
  /** Unique per code issued, so a redelivery sends nothing twice. */
  readonly messageId: string;
  /** Invitation: the roles offered. */
  readonly roles?: readonly string[];
}

/** The event of one mail, with a message id of its own. */
export function identityMail(kind: IdentityMailKind, to: string, code?: string, roles?: readonly string[]): IdentityMailEvent {
  return { type: 'identity.mail', kind, to, ...(code ? { code } : {}), ...(roles ? { roles } : {}), messageId: `identity.${kind}.${ulid()}` };
}
