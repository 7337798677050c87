import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { TenantContext } from '../../core/tenant-context';
import { AccountAttributes } from './account.model';
import { AccountService } from './account.service';
import { CognitoAdapter } from './cognito.adapter';
import { EmailOwners } from './email-owners';

/** A person of a shop as the sign-in flows find them by address: the username always, the rest when they exist. */
export interface PoolPerson {
  username: string;
  email: string;
  /** The Cognito `sub`: the token subject, and the ACCOUNT's id. */
  sub?: string;
  account?: CommandItem<AccountAttributes>;
  /** The address was left by a change of email: it names its old person, who no longer signs in with it. */
  retired?: boolean;
}

/** Finds the person an address names in the caller's shop: the pool user (by username) and their ACCOUNT (newest command). */
@Injectable()
export class PoolPeople {
  constructor(
    private readonly cognito: CognitoAdapter,
    private readonly accounts: AccountService,
    private readonly owners: EmailOwners,
  ) {}

  /**
   * An address moved to by a change of email finds its person's username; an address they left
   * finds them too (its username is theirs), so a sign-up of it is told it has an account, and
   * a sign-up never sets that person's password.
   */
  async find(ctx: TenantContext, email: string): Promise<PoolPerson> {
    const { username, retired } = await this.owners.resolve(ctx, email);
    const sub = await this.cognito.subOf(username);
    const account = sub ? await this.accounts.get(ctx, sub) : undefined;
    return { username, email: email.trim(), sub, account, ...(retired ? { retired } : {}) };
  }

  /** The pool user of `person`, created (tenant fixed, no Cognito mail) when there is none yet: its `sub`. */
  async ensureUser(ctx: TenantContext, person: PoolPerson): Promise<string> {
    const sub = person.sub ?? (await this.cognito.createUser(person.username, ctx.tenantCode, person.email)) ?? (await this.cognito.subOf(person.username));
    if (!sub) throw new Error(`the pool neither created nor found ${person.username}`);
    return sub;
  }
}
