import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { ConflictError } from '../../core/errors';
import { DomainEvents } from '../../core/events';
import { TenantContext, TokenRole } from '../../core/tenant-context';
import { AccountAttributes } from './account.model';
import { AccountActivation } from './account-activation';
import { AccountService } from './account.service';
import { AuthCodes } from './auth-codes';
import { assertPasswordPolicy } from './auth.errors';
import { CognitoAdapter } from './cognito.adapter';
import { identityMail } from './identity.events';
import { PoolPeople } from './pool-people';

/** The roles an owner may give staff. */
export const STAFF_ROLES = ['owner', 'tenant-admin', 'fulfilment', 'support'] as const satisfies readonly TokenRole[];
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * An owner invites staff by address: the pool user (no password yet), the ACCOUNT `invited`
 * with the roles, and a mailed code; accepting sets the password and activates. Inviting again
 * an address still invited mails a new code (the old one dies).
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly people: PoolPeople,
    private readonly codes: AuthCodes,
    private readonly events: DomainEvents,
    private readonly activation: AccountActivation,
  ) {}

  async invite(ctx: TenantContext, input: { email: string; roles: StaffRole[] }): Promise<{ id: string; account: CommandItem<AccountAttributes> }> {
    const person = await this.people.find(ctx, input.email);
    if (person.account && !(person.account.attributes.kind === 'staff' && person.account.attributes.status === 'invited')) {
      throw new ConflictError(`${person.email} already has an account in this shop (${person.account.attributes.kind}, ${person.account.attributes.status})`);
    }
    const sub = await this.people.ensureUser(ctx, person);
    const roles = [...new Set(input.roles)];
    await this.cognito.addToGroups(person.username, roles);
    const account = await this.accounts.open(ctx, sub, { kind: 'staff', username: person.username, email: person.email, status: 'invited', roles });
    await this.events.publish(ctx, identityMail('invitation', person.email, await this.codes.issue(ctx, 'invitation', person.username), account.attributes.roles));
    return { id: sub, account };
  }

  /** The code from the invitation and a password: the address is verified by the mail, the account active. */
  async accept(ctx: TenantContext, input: { email: string; code: string; password: string }): Promise<void> {
    assertPasswordPolicy(input.password);
    await this.activation.activate(ctx, 'invitation', 'staff', input, (username) => this.cognito.setPassword(username, input.password));
  }
}
