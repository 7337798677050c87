import { Injectable } from '@nestjs/common';
import { DataService } from '../../core/data.service';
import { logger } from '../../core/logger';
import { SweepRegistry } from '../../core/sweep';
import { SYSTEM_TENANT, systemActorContext } from '../../core/tenant-context';
import { TENANT_ENTITY } from './tenant.keys';
import { TenantAttributes } from './tenant.model';

/** Runs every registered sweep for every enabled tenant; one tenant's failure does not stop the others. */
@Injectable()
export class TenantSweepRunner {
  constructor(
    private readonly data: DataService,
    private readonly sweeps: SweepRegistry,
  ) {}

  async runAll(now = new Date()): Promise<{ tenants: number; failures: number }> {
    const registry = systemActorContext(SYSTEM_TENANT, 'schedule:sweeper', `sweep-${now.toISOString()}`);
    let cursor: string | undefined;
    let tenants = 0;
    let failures = 0;
    do {
      const page = await this.data.list<TenantAttributes>(registry, TENANT_ENTITY, { cursor, limit: 100 });
      for (const tenant of page.items.filter((t) => t.attributes.enabled)) {
        tenants++;
        const ctx = systemActorContext(tenant.code, 'schedule:sweeper', registry.requestId);
        for (const sweep of this.sweeps.all()) {
          try {
            await sweep.run(ctx, now);
          } catch (error) {
            failures++;
            logger.error('sweep failed', { sweep: sweep.name, tenant: tenant.code, error: error as Error });
          }
        }
      }
      cursor = page.cursor;
    } while (cursor);
    return { tenants, failures };
  }
}
