import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { FieldProblem, NotFoundError, ValidationFailedError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { ShippingRate } from '../pricing';
import { CreateShippingMethodDto, CreateShippingZoneDto, ShippingRateDto, UpdateShippingMethodDto, UpdateShippingZoneDto } from './dto/shipping.dto';
import { SHIPPING_METHOD_ENTITY, SHIPPING_ZONE_ENTITY } from './shipping.keys';
import { ShippingMethodAttributes, ShippingZoneAttributes } from './shipping.model';

/** Shipping zones (where) and their methods (how much): versioned entities of the tenant admin. */
@Injectable()
export class ShippingService {
  constructor(private readonly commands: CommandService) {}

  async createZone(ctx: TenantContext, dto: CreateShippingZoneDto): Promise<CommandItem<ShippingZoneAttributes>> {
    const { code, name, ...rest } = dto;
    return this.commands.publish(ctx, { type: SHIPPING_ZONE_ENTITY, code, name, attributes: { ...rest, active: true } }, { expectedVersion: 0 });
  }

  async updateZone(ctx: TenantContext, code: string, dto: UpdateShippingZoneDto): Promise<CommandItem<ShippingZoneAttributes>> {
    const { expectedVersion, name, ...changes } = dto;
    return this.commands.update<ShippingZoneAttributes>(ctx, SHIPPING_ZONE_ENTITY, code, expectedVersion, (current) => ({ name: name ?? current.name, attributes: { ...current.attributes, ...changes } }));
  }

  /** Retires a zone (a new, inactive version; idempotent). */
  async retireZone(ctx: TenantContext, code: string): Promise<CommandItem<ShippingZoneAttributes>> {
    const zone = await this.zone(ctx, code);
    if (!zone.attributes.active) return zone;
    return this.commands.publish(ctx, { type: SHIPPING_ZONE_ENTITY, code, name: zone.name, attributes: { ...zone.attributes, active: false } }, { expectedVersion: zone.version, holding: zone });
  }

  /** Retires a method (a new, inactive version; idempotent). */
  async retireMethod(ctx: TenantContext, code: string): Promise<CommandItem<ShippingMethodAttributes>> {
    const method = await this.method(ctx, code);
    if (!method.attributes.active) return method;
    return this.commands.publish(ctx, { type: SHIPPING_METHOD_ENTITY, code, name: method.name, attributes: { ...method.attributes, active: false } }, { expectedVersion: method.version, holding: method });
  }

  async zone(ctx: TenantContext, code: string): Promise<CommandItem<ShippingZoneAttributes>> {
    const zone = await this.commands.getLatest<ShippingZoneAttributes>(ctx, SHIPPING_ZONE_ENTITY, code);
    if (!zone) throw new NotFoundError('shipping zone', code);
    return zone;
  }

  zones(ctx: TenantContext): Promise<CommandItem<ShippingZoneAttributes>[]> {
    return this.commands.latestOfType<ShippingZoneAttributes>(ctx, SHIPPING_ZONE_ENTITY);
  }

  async createMethod(ctx: TenantContext, dto: CreateShippingMethodDto): Promise<CommandItem<ShippingMethodAttributes>> {
    const { code, name, zoneCode, rate } = dto;
    await this.zoneMustExist(ctx, zoneCode);
    return this.commands.publish(ctx, { type: SHIPPING_METHOD_ENTITY, code, name, attributes: { zoneCode, rate: shippingRate(rate), active: true } }, { expectedVersion: 0 });
  }

  async updateMethod(ctx: TenantContext, code: string, dto: UpdateShippingMethodDto): Promise<CommandItem<ShippingMethodAttributes>> {
    const { expectedVersion, name, rate, active } = dto;
    const checked = rate && shippingRate(rate);
    return this.commands.update<ShippingMethodAttributes>(ctx, SHIPPING_METHOD_ENTITY, code, expectedVersion, (current) => ({
      name: name ?? current.name,
      attributes: { ...current.attributes, ...(checked ? { rate: checked } : {}), ...(active !== undefined ? { active } : {}) },
    }));
  }

  async method(ctx: TenantContext, code: string): Promise<CommandItem<ShippingMethodAttributes>> {
    const method = await this.commands.getLatest<ShippingMethodAttributes>(ctx, SHIPPING_METHOD_ENTITY, code);
    if (!method) throw new NotFoundError('shipping method', code);
    return method;
  }

  methods(ctx: TenantContext): Promise<CommandItem<ShippingMethodAttributes>[]> {
    return this.commands.latestOfType<ShippingMethodAttributes>(ctx, SHIPPING_METHOD_ENTITY);
  }

  private async zoneMustExist(ctx: TenantContext, zoneCode: string): Promise<void> {
    if (!(await this.commands.getLatest(ctx, SHIPPING_ZONE_ENTITY, zoneCode))) throw new ValidationFailedError([{ field: 'zoneCode', problem: `no shipping zone ${zoneCode}` }]);
  }
}

/** A rate as its kind needs it, or 400 naming what is missing or wrong. */
export function shippingRate(dto: ShippingRateDto): ShippingRate {
  const problems: FieldProblem[] = [];
  const need = (field: 'amount' | 'freeAbove') => {
    if (dto[field] === undefined) problems.push({ field: `rate.${field}`, problem: `is required for ${dto.kind}` });
  };
  if (dto.kind === 'flat' || dto.kind === 'free_above') need('amount');
  if (dto.kind === 'free_above') need('freeAbove');
  if (dto.kind === 'weight_tiers') {
    if (!dto.tiers?.length) problems.push({ field: 'rate.tiers', problem: 'is required for weight_tiers' });
    dto.tiers?.forEach((tier, i) => {
      if (i > 0 && tier.upToGrams <= dto.tiers![i - 1].upToGrams) problems.push({ field: `rate.tiers.${i}.upToGrams`, problem: 'must be greater than the tier before' });
    });
  }
  if (problems.length) throw new ValidationFailedError(problems);
  if (dto.kind === 'flat') return { kind: 'flat', amount: dto.amount! };
  if (dto.kind === 'free_above') return { kind: 'free_above', amount: dto.amount!, freeAbove: dto.freeAbove! };
  return { kind: 'weight_tiers', tiers: dto.tiers!.map(({ upToGrams, amount }) => ({ upToGrams, amount })) };
}
