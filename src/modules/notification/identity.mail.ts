import { Injectable } from '@nestjs/common';
import { EventSubscriber, OnEvent } from '../../core/events';
import { TenantContext } from '../../core/tenant-context';
import type { IdentityMailEvent } from '../identity';
import { Mail } from './notification.model';
import { NotificationOutbox } from './notification.outbox';

/**
 * The sign-in flows' mails (identity publishes `identity.mail`): codes to verify an address, to
 * reset a password or to accept an invitation, and the note that an address has an account
 * already. Through the outbox like every mail; the address was typed by someone nobody
 * verified yet, so it counts against the shop's mailsPerRecipientPerHour.
 */
@OnEvent<IdentityMailEvent>('identity.mail')
@Injectable()
export class IdentityMail implements EventSubscriber<IdentityMailEvent> {
  constructor(private readonly outbox: NotificationOutbox) {}

  async on(ctx: TenantContext, event: IdentityMailEvent): Promise<void> {
    // The code signs in, resets a password or accepts an invitation: the recipient's alone.
    const mail = { to: event.to, ...identityMailText(ctx.tenantCode, event), ...(event.code ? { secrets: [event.code] } : {}) };
    await this.outbox.deliver(ctx, event.messageId, `identity.${event.kind}`, mail, { unverifiedRecipient: true });
  }
}

const VALID = 'It is valid for 15 minutes. If you did not ask for it, ignore this mail.';

function identityMailText(shop: string, { kind, code, roles }: IdentityMailEvent): Omit<Mail, 'to'> {
  switch (kind) {
    case 'verify-email':
      return { subject: `Your verification code for ${shop}: ${code}`, body: `Your code to verify this address for your account at ${shop} is ${code}.\n${VALID}` };
    case 'already-registered':
      return {
        subject: `You already have an account at ${shop}`,
        body: `Someone (maybe you) tried to sign up at ${shop} with this address, which has an account already.\nSign in, or ask for a password reset if you forgot it. If it was not you, ignore this mail.`,
      };
    case 'reset-password':
      return { subject: `Your password reset code for ${shop}: ${code}`, body: `Your code to choose a new password at ${shop} is ${code}.\n${VALID}` };
    case 'change-email':
      return { subject: `Your code to change your email at ${shop}: ${code}`, body: `Your code to make this the email of your account at ${shop} is ${code}.\n${VALID}` };
    case 'email-taken':
      return {
        subject: `This address already has an account at ${shop}`,
        body: `Someone (maybe you) asked to move their account at ${shop} to this address, which has an account already, so nothing changes.\nIf it was not you, ignore this mail.`,
      };
    case 'email-changed':
      return {
        subject: `Your email at ${shop} was changed`,
        body: `The email of your account at ${shop} is now another address, and this one signs in no more.\nIf you did not do this, contact the shop at once.`,
      };
    case 'invitation':
      return {
        subject: `You are invited to join ${shop}`,
        body: `You are invited to the staff of ${shop} (${(roles ?? []).join(', ')}).\nAccept with this code and a password of your choice: ${code}\nIt is valid for 3 days.`,
      };
  }
}
