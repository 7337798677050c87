import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { SYSTEM_TENANT, TenantContext } from '../../core/tenant-context';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TENANT_ENTITY } from './tenant.keys';
import { DEFAULT_TAX_RATE_BPS, TenantAttributes } from './tenant.model';

/** The tenant registry, run by the system admin; kept under the reserved `system` tenant. */
@Injectable()
export class TenantService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
  ) {}

  async create(ctx: TenantContext, dto: CreateTenantDto) {
    if (dto.code === SYSTEM_TENANT) throw new ConflictError(`tenant code ${SYSTEM_TENANT} is reserved`);
    const attributes: TenantAttributes = {
      enabled: true,
      ...(dto.contactEmail ? { contactEmail: dto.contactEmail } : {}),
      taxRateBps: dto.taxRateBps ?? DEFAULT_TAX_RATE_BPS,
      currency: dto.currency ?? 'USD',
    };
    return this.commands.publish(ctx, { type: TENANT_ENTITY, code: dto.code, name: dto.name, attributes }, { expectedVersion: 0 });
  }

  async update(ctx: TenantContext, code: string, dto: UpdateTenantDto) {
    const { expectedVersion, name, ...changes } = dto;
    return this.commands.update<TenantAttributes>(ctx, TENANT_ENTITY, code, expectedVersion, (current) => ({
      name: name ?? current.name,
      attributes: { ...current.attributes, ...changes },
    }));
  }

  async get(ctx: TenantContext, code: string): Promise<EntityRecord<TenantAttributes>> {
    const tenant = await this.data.get<TenantAttributes>(ctx, TENANT_ENTITY, code);
    if (!tenant) throw new NotFoundError('tenant', code);
    return tenant;
  }

  async list(ctx: TenantContext, page: PageRequest): Promise<Page<EntityRecord<TenantAttributes>>> {
    return this.data.list<TenantAttributes>(ctx, TENANT_ENTITY, page);
  }
}
