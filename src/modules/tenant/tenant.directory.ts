import { Injectable } from '@nestjs/common';
import { config } from '../../config';
import { DataService } from '../../core/data.service';
import { EntityRecord } from '../../core/entity';
import { SYSTEM_TENANT, systemActorContext } from '../../core/tenant-context';
import { TENANT_ENTITY } from './tenant.keys';
import { TenantAttributes } from './tenant.model';

/**
 * Answers "may this tenant be served, and with which settings?" for every request. Cached for
 * `TENANT_CACHE_SECONDS` per Lambda instance, so disabling a tenant takes effect within that.
 */
@Injectable()
export class TenantDirectory {
  private readonly cache = new Map<string, { tenant?: EntityRecord<TenantAttributes>; until: number }>();

  constructor(private readonly data: DataService) {}

  async find(tenantCode: string): Promise<EntityRecord<TenantAttributes> | undefined> {
    const hit = this.cache.get(tenantCode);
    if (hit && hit.until > Date.now()) return hit.tenant;
    const registry = systemActorContext(SYSTEM_TENANT, 'tenant-directory', 'tenant-directory');
    const tenant = await this.data.get<TenantAttributes>(registry, TENANT_ENTITY, tenantCode);
    this.cache.set(tenantCode, { tenant, until: Date.now() + config().tenantCacheSeconds * 1000 });
    return tenant;
  }

  async isActive(tenantCode: string): Promise<boolean> {
    return (await this.find(tenantCode))?.attributes.enabled === true;
  }
}
