import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { DomainEvents } from '../../core/events';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, NotFoundError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { SYSTEM_TENANT, TenantContext } from '../../core/tenant-context';
import { CreateTenantDto, UpdateTenantDto } from './dto/tenant.dto';
import { TenantDirectory } from './tenant.directory';
import { TenantCreatedEvent } from './tenant.events';
import { TENANT_ENTITY } from './tenant.keys';
import { DEFAULT_TAX_RATE_BPS, TenantAttributes } from './tenant.model';

/** The tenant registry, run by the system admin; kept under the reserved `system` tenant. */
@Injectable()
export class TenantService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly directory: TenantDirectory,
    private readonly events: DomainEvents,
  ) {}

  async create(ctx: TenantContext, dto: CreateTenantDto) {
    if (dto.code === SYSTEM_TENANT) throw new ConflictError(`tenant code ${SYSTEM_TENANT} is reserved`);
    const attributes: TenantAttributes = {
      enabled: true,
      ...(dto.contactEmail ? { contactEmail: dto.contactEmail } : {}),
      taxRateBps: dto.taxRateBps ?? DEFAULT_TAX_RATE_BPS,
      currency: dto.currency ?? 'USD',
      ...(dto.limits ? { limits: { ...dto.limits } } : {}),
    };
    const created = await this.commands.publish(ctx, { type: TENANT_ENTITY, code: dto.code, name: dto.name, attributes }, { expectedVersion: 0 });
    this.directory.forget(dto.code);
    // After the conditional write only: a second run of this call got its 409 above (or the
    // idempotency layer's replay), so the owner is invited once. Identity subscribes.
    await this.events.publish<TenantCreatedEvent>(ctx, { type: 'tenant.created', tenantCode: dto.code, ...(dto.ownerEmail ? { ownerEmail: dto.ownerEmail } : {}) });
    return created;
  }

  async update(ctx: TenantContext, code: string, dto: UpdateTenantDto) {
    const { expectedVersion, name, limits, ...changes } = dto;
    const updated = await this.commands.update<TenantAttributes>(ctx, TENANT_ENTITY, code, expectedVersion, (current) => ({
      name: name ?? current.name,
      attributes: {
        ...current.attributes,
        ...changes,
        ...(limits ? { limits: { ...current.attributes.limits, ...limits } } : {}),
      },
    }));
    this.directory.forget(code);
    return updated;
  }

  /** The newest version: what the directory decides with, and what the admin just wrote. */
  async get(ctx: TenantContext, code: string): Promise<CommandItem<TenantAttributes>> {
    const tenant = await this.commands.getLatest<TenantAttributes>(ctx, TENANT_ENTITY, code);
    if (!tenant) throw new NotFoundError('tenant', code);
    return tenant;
  }

  /** Lags the stream by the time it takes to apply the newest commands. */
  async list(ctx: TenantContext, page: PageRequest): Promise<Page<EntityRecord<TenantAttributes>>> {
    return this.data.list<TenantAttributes>(ctx, TENANT_ENTITY, page);
  }
}
