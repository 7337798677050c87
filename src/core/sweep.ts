import { Injectable } from '@nestjs/common';
import { TenantContext } from './tenant-context';

/**
 * Periodic work per tenant (expiring what was never paid, say), run by the schedule Lambda.
 * Like data-sync handlers, sweeps register under an explicit name and must be idempotent.
 */
export interface TenantSweep {
  readonly name: string;
  run(ctx: TenantContext, now: Date): Promise<void>;
}

@Injectable()
export class SweepRegistry {
  private readonly sweeps: TenantSweep[] = [];

  register(sweep: TenantSweep): void {
    if (this.sweeps.some((s) => s.name === sweep.name)) throw new Error(`sweep ${sweep.name} is registered twice`);
    this.sweeps.push(sweep);
  }

  all(): readonly TenantSweep[] {
    return this.sweeps;
  }
}
