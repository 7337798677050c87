import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { isCancelledTransaction, retryOnConflict, RetryPolicy } from '../../core/retry';
import { TenantContext, TokenRole } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ACCOUNT_ENTITY, ownerRemovalsKey } from './account.keys';
import { AccountAttributes } from './account.model';

export interface StaffChange {
  expectedVersion: number;
  roles?: TokenRole[];
  status?: 'active' | 'disabled';
}

/**
 * Two owner removals racing: the loser's counter condition fails and it checks again (now
 * seeing the winner's change). A stale expected version is the caller's to resolve: 409.
 */
const OWNER_RACE: RetryPolicy = { attempts: 4, basePauseMs: 0, retryOn: (error) => !(error instanceof VersionConflictError) && isCancelledTransaction(error) };

const isActiveOwner = (account: Pick<AccountAttributes, 'status' | 'roles'>) => account.status === 'active' && account.roles.includes('owner');

/**
 * The owner's view of the shop's staff: their accounts, roles and status. A change bites on the
 * staff member's next request (the guard reads the account every time); the shop always keeps
 * one active owner.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly items: TenantItemStore,
  ) {}

  /** From the data table (a change shows once the stream applied it): a list to look at, not to decide on. */
  list(ctx: TenantContext, page: Pick<PageRequest, 'limit' | 'cursor'>): Promise<Page<EntityRecord<AccountAttributes>>> {
    return this.data.list<AccountAttributes>(ctx, ACCOUNT_ENTITY, { ...page, where: { 'attributes.kind': 'staff' } });
  }

  async change(ctx: TenantContext, code: string, change: StaffChange): Promise<CommandItem<AccountAttributes>> {
    if (change.roles === undefined && change.status === undefined) {
      throw new ValidationFailedError([{ field: 'roles', problem: 'send roles or status (or both): nothing to change' }]);
    }
    return retryOnConflict(OWNER_RACE, async () => {
      // Read before the check below: a removal committed after this read makes our write fail.
      const removals = (await this.items.get<{ count: number }>(ctx, ownerRemovalsKey()))?.count ?? 0;
      return this.commands.update<AccountAttributes>(
        ctx,
        ACCOUNT_ENTITY,
        code,
        change.expectedVersion,
        async (current) => {
          const was = current.attributes;
          if (was.status === 'invited' && change.status === 'active') {
            throw new ConflictError('an invited staff member becomes active by accepting the invitation, not by this route');
          }
          const next: AccountAttributes = { ...was, ...(change.roles ? { roles: change.roles } : {}), ...(change.status ? { status: change.status } : {}) };
          const removesOwner = isActiveOwner(was) && !isActiveOwner(next);
          if (removesOwner) await this.ensureAnotherActiveOwner(ctx, code);
          return { name: current.name, attributes: next, alsoWrite: removesOwner ? [countRemoval(removals)] : [] };
        },
        (item) => item.attributes.kind === 'staff',
      );
    });
  }

  /**
   * Another account that is an active owner now: candidates come from the data table (which
   * lags: a brand-new owner may not be seen yet, which only refuses more), each confirmed by a
   * strongly consistent read of its newest command.
   */
  private async ensureAnotherActiveOwner(ctx: TenantContext, code: string): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.list(ctx, { limit: 100, cursor });
      for (const candidate of page.items) {
        if (candidate.code === code || !candidate.attributes.roles.includes('owner')) continue;
        const latest = await this.commands.getLatest<AccountAttributes>(ctx, ACCOUNT_ENTITY, candidate.code);
        if (latest && isActiveOwner(latest.attributes)) return;
      }
      cursor = page.cursor;
    } while (cursor);
    throw new ConflictError('this is the last active owner of the shop: make another staff member owner first', { reason: 'last_owner' });
  }
}

function countRemoval(read: number): TenantWrite {
  return {
    update: ownerRemovalsKey(),
    set: 'SET #count = :next',
    condition: 'attribute_not_exists(#count) OR #count = :read',
    names: { '#count': 'count' },
    values: { ':next': read + 1, ':read': read },
  };
}
