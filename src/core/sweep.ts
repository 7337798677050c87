import { Injectable } from '@nestjs/common';
import { DataService } from './data.service';
import { EntityRecord } from './entity';
import { Class, Declarations } from './registry';
import { DATA_INDEXES } from './tables';
import { TenantContext } from './tenant-context';

/**
 * Periodic work per tenant (expiring what was never paid, say), run by the schedule Lambda.
 * Declared with `@Sweep(name)` (the name keys its logs); must be idempotent.
 */
export interface TenantSweep {
  run(ctx: TenantContext, now: Date): Promise<void>;
}

export interface NamedTenantSweep extends TenantSweep {
  readonly name: string;
}

export const declaredSweeps = new Declarations<{ name: string }>('sweep');

/** Declares a class as a sweep when its file is imported; the application's container makes the instance (list it among its module's providers). */
export function Sweep(name: string): (type: Class<TenantSweep>) => void {
  return declaredSweeps.declarer({ name });
}

/** Every declared sweep class, in the order their files were imported. */
export function declaredSweepClasses(): readonly { type: Class; meta: { name: string } }[] {
  return declaredSweeps.all();
}

/**
 * The sweeps this application holds, in its container's order (core/container.ts). Free of
 * @nestjs/core: the read-model Lambda loads this file (through the tenant context's surface).
 */
@Injectable()
export class SweepRegistry {
  private sweeps: NamedTenantSweep[] = [];

  useDeclared(found: readonly { instance: object; meta: { name: string } }[]): void {
    this.sweeps = found.map(({ instance, meta }) => {
      const sweep = instance as TenantSweep;
      return { name: meta.name, run: sweep.run.bind(sweep) };
    });
  }

  all(): readonly NamedTenantSweep[] {
    return this.sweeps;
  }
}

/**
 * The shape of a sweep that expires what is due in one group of the state index (orders past
 * their hold, say): it reads only that group, oldest first (`DataService.eachDue`), so its cost
 * follows the items due, and hands each one that is due to `expire`, which re-checks the newest
 * version (the index lags) and must be idempotent.
 */
@Injectable()
export abstract class DueInGroupSweep<A> implements TenantSweep {
  constructor(protected readonly data: DataService) {}

  /** The state-index group this sweep reads. */
  protected abstract group(): [type: string, ...parts: string[]];
  protected abstract isDue(item: EntityRecord<A>, now: Date): boolean;
  protected abstract expire(ctx: TenantContext, item: EntityRecord<A>): Promise<void>;

  async run(ctx: TenantContext, now: Date): Promise<void> {
    await this.data.eachDue<A>(ctx, DATA_INDEXES.byState, this.group(), (item) => this.isDue(item, now), (item) => this.expire(ctx, item));
  }
}
