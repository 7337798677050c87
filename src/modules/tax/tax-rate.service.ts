import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem } from '../../core/entity';
import { ConflictError, NotFoundError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { CreateTaxRateDto, UpdateTaxRateDto } from './dto/tax-rate.dto';
import { TAX_RATE_ENTITY, taxRateClaimKey } from './tax.keys';
import { TaxRateAttributes } from './tax.model';

/**
 * A shop's tax rates: per destination country (optionally region) and tax class, one active
 * rate each, kept unique by a claim item written with the rate's version.
 */
@Injectable()
export class TaxRateService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
  ) {}

  async create(ctx: TenantContext, dto: CreateTaxRateDto): Promise<CommandItem<TaxRateAttributes>> {
    const { code, ...rest } = dto;
    const attributes: TaxRateAttributes = { ...rest, active: true };
    return this.write(ctx, code, attributes, 0, [this.claim(code, attributes)]);
  }

  async update(ctx: TenantContext, code: string, dto: UpdateTaxRateDto): Promise<CommandItem<TaxRateAttributes>> {
    const current = await this.get(ctx, code);
    const { expectedVersion, ...changes } = dto;
    const next = { ...current.attributes, ...changes };
    return this.write(ctx, code, next, expectedVersion, this.claimChanges(code, current.attributes, next));
  }

  /** Retires the rate (a new version, inactive); idempotent. */
  async retire(ctx: TenantContext, code: string): Promise<CommandItem<TaxRateAttributes>> {
    const current = await this.get(ctx, code);
    if (!current.attributes.active) return current;
    const next = { ...current.attributes, active: false };
    return this.write(ctx, code, next, current.version, this.claimChanges(code, current.attributes, next));
  }

  async get(ctx: TenantContext, code: string): Promise<CommandItem<TaxRateAttributes>> {
    const rate = await this.commands.getLatest<TaxRateAttributes>(ctx, TAX_RATE_ENTITY, code);
    if (!rate) throw new NotFoundError('tax rate', code);
    return rate;
  }

  async list(ctx: TenantContext): Promise<CommandItem<TaxRateAttributes>[]> {
    return this.commands.latestOfType<TaxRateAttributes>(ctx, TAX_RATE_ENTITY);
  }

  private async write(ctx: TenantContext, code: string, attributes: TaxRateAttributes, expectedVersion: number, claims: TenantWrite[]): Promise<CommandItem<TaxRateAttributes>> {
    try {
      return await this.commands.publish(ctx, { type: TAX_RATE_ENTITY, code, name: attributes.name, attributes }, { expectedVersion, alsoWrite: claims });
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons || reasons[reasons.length - claims.length] !== 'ConditionalCheckFailed') throw error;
      const holder = await this.items.get<{ code: string }>(ctx, taxRateClaimKey(attributes.country, attributes.region, attributes.taxClass));
      throw new ConflictError(`tax rate ${holder?.code ?? '?'} already applies to ${attributes.taxClass} in ${attributes.country}${attributes.region ? `-${attributes.region}` : ''}`, { rate: holder?.code });
    }
  }

  /** Reason: one active rate per country, region and class; another rate's claim refuses the write. */
  private claim(code: string, rate: TaxRateAttributes): TenantWrite {
    return { put: { sk: taxRateClaimKey(rate.country, rate.region, rate.taxClass), code }, condition: 'attribute_not_exists(pk) OR code = :code', values: { ':code': code } };
  }

  private claimChanges(code: string, before: TaxRateAttributes, after: TaxRateAttributes): TenantWrite[] {
    if (before.active === after.active) return [];
    if (after.active) return [this.claim(code, after)];
    return [{ remove: taxRateClaimKey(before.country, before.region, before.taxClass), condition: 'attribute_not_exists(pk) OR code = :code', values: { ':code': code } }];
  }
}
