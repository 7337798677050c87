import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { VersionConflictError } from '../../core/errors';
import { CONTENDED_WRITE, retryOnConflict } from '../../core/retry';
import { userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { ACCOUNT_ENTITY } from './account.keys';
import { AccountAttributes, AccountKind, AccountStanding, AccountStatus } from './account.model';

/**
 * The one status item per person: read by the guard on every request (tokens live up to an hour
 * and the emulator ignores a disabled user, so a change must bite without them), written by the
 * sign-up, invitation and staff routes. A versioned entity like every other, so each change is
 * in its history with who made it.
 */
@Injectable()
export class AccountService {
  constructor(private readonly commands: CommandService) {}

  /** `undefined` for a subject with no account (tokens minted by `npm run token`: their claims decide). */
  async standingOf(ctx: TenantContext, userId: string): Promise<AccountStanding | undefined> {
    const latest = await this.get(ctx, userId);
    return latest ? { status: latest.attributes.status, roles: latest.attributes.roles, version: latest.version } : undefined;
  }

  async get(ctx: TenantContext, userId: string): Promise<CommandItem<AccountAttributes> | undefined> {
    return this.commands.getLatest<AccountAttributes>(ctx, ACCOUNT_ENTITY, userKeyPart(userId));
  }

  /**
   * Creates the account of `userId`, or answers the one that exists: a retried sign-up or
   * invitation finds its own account instead of failing.
   */
  async open(ctx: TenantContext, userId: string, attributes: AccountAttributes): Promise<CommandItem<AccountAttributes>> {
    const code = userKeyPart(userId);
    try {
      return await this.commands.publish<AccountAttributes>(
        ctx,
        { type: ACCOUNT_ENTITY, code, name: attributes.email, attributes },
        { expectedVersion: 0 },
      );
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const existing = await this.get(ctx, userId);
      if (!existing) throw error;
      return existing;
    }
  }

  /** A change of status or roles by someone who read `expectedVersion` (409 with the current one otherwise). */
  async change(
    ctx: TenantContext,
    userId: string,
    expectedVersion: number,
    change: (current: AccountAttributes) => Partial<Pick<AccountAttributes, 'status' | 'roles' | 'email'>>,
  ): Promise<CommandItem<AccountAttributes>> {
    return this.commands.update<AccountAttributes>(ctx, ACCOUNT_ENTITY, userKeyPart(userId), expectedVersion, (current) => ({
      name: current.name,
      attributes: { ...current.attributes, ...change(current.attributes) },
    }));
  }

  /**
   * Sets the status of `userId`'s account of `kind` whatever its version (a decision already
   * taken elsewhere, e.g. staff disabling a customer): reads the newest command and writes the
   * next version, again on a lost race. `undefined` when there is no such account (a subject of
   * `npm run token` only, or a person of another kind); the unchanged account when it already
   * has the status, so a retried call writes nothing.
   */
  async setStatus(ctx: TenantContext, userId: string, kind: AccountKind, status: AccountStatus): Promise<CommandItem<AccountAttributes> | undefined> {
    return retryOnConflict(CONTENDED_WRITE, async () => {
      const latest = await this.get(ctx, userId);
      if (!latest || latest.attributes.kind !== kind) return undefined;
      if (latest.attributes.status === status) return latest;
      return this.change(ctx, userId, latest.version, () => ({ status }));
    });
  }
}
