import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { SYSTEM_TENANT, systemActorContext } from '../../core/tenant-context';
import { TENANT_ENTITY } from './tenant.keys';
import { TenantAttributes } from './tenant.model';

/** A tenant nobody has created yet may be created any moment: never remember "unknown" longer. */
const MISS_CACHE_MS = 1000;

/**
 * Answers "may this tenant be served, and with which settings?" for every request. Reads the
 * tenant's newest command (not the lagging data table), so a tenant is usable on the request
 * after the one that created it. An answer is kept for `TENANT_CACHE_SECONDS` (default 5) per
 * Lambda instance, a miss for at most a second; the instance that changes a tenant forgets
 * its answer at once. So a disable bites at once where it was made and within
 * `TENANT_CACHE_SECONDS` everywhere else.
 */
@Injectable()
export class TenantDirectory {
  private readonly cache = new Map<string, { tenant?: CommandItem<TenantAttributes>; until: number }>();

  constructor(private readonly commands: CommandService) {}

  async find(tenantCode: string): Promise<CommandItem<TenantAttributes> | undefined> {
    const hit = this.cache.get(tenantCode);
    if (hit && hit.until > Date.now()) return hit.tenant;
    const registry = systemActorContext(SYSTEM_TENANT, 'tenant-directory', 'tenant-directory');
    const tenant = await this.commands.getLatest<TenantAttributes>(registry, TENANT_ENTITY, tenantCode);
    const keepMs = tenant ? config().tenantCacheSeconds * 1000 : Math.min(MISS_CACHE_MS, config().tenantCacheSeconds * 1000);
    this.cache.set(tenantCode, { tenant, until: Date.now() + keepMs });
    return tenant;
  }

  async isActive(tenantCode: string): Promise<boolean> {
    return (await this.find(tenantCode))?.attributes.enabled === true;
  }

  /** The tenant changed in this process: the next request reads it again. */
  forget(tenantCode: string): void {
    this.cache.delete(tenantCode);
  }
}
