import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { CommandItem, Page } from '../../core/entity';
import { FieldProblem, NotFoundError, ValidationFailedError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { TenantDirectory } from '../tenant';
import { COUPON_ENTITY, CouponAttributes } from './coupon.model';
import { CouponBook, normalizeCouponCode } from './coupon.book';
import { RedemptionLine } from './coupon.redemptions';
import { CreateCouponDto, UpdateCouponDto } from './dto/coupon.dto';
import { redemptionPrefix } from './promotion.keys';

/** Coupons as tenant admins write them: versioned; their usage lives in counters and a ledger. */
@Injectable()
export class CouponService {
  constructor(
    private readonly commands: CommandService,
    private readonly items: TenantItemStore,
    private readonly book: CouponBook,
    private readonly tenants: TenantDirectory,
  ) {}

  async create(ctx: TenantContext, dto: CreateCouponDto): Promise<CommandItem<CouponAttributes>> {
    const { code, ...rest } = dto;
    const attributes: CouponAttributes = { ...rest, productCodes: rest.productCodes ?? [], categoryCodes: rest.categoryCodes ?? [], exclusive: rest.exclusive ?? false, active: true };
    await this.check(ctx, attributes);
    return this.commands.publish(ctx, { type: COUPON_ENTITY, code: normalizeCouponCode(code), attributes }, { expectedVersion: 0 });
  }

  async update(ctx: TenantContext, code: string, dto: UpdateCouponDto): Promise<CommandItem<CouponAttributes>> {
    const { expectedVersion, ...changes } = dto;
    const current = await this.get(ctx, code);
    const next = { ...current.attributes, ...changes };
    await this.check(ctx, next);
    return this.commands.publish(ctx, { type: COUPON_ENTITY, code: current.code, attributes: next }, { expectedVersion });
  }

  /** Stops new uses (a new, inactive version; idempotent); held redemptions stay. */
  async retire(ctx: TenantContext, code: string): Promise<CommandItem<CouponAttributes>> {
    const coupon = await this.get(ctx, code);
    if (!coupon.attributes.active) return coupon;
    return this.commands.publish(ctx, { type: COUPON_ENTITY, code: coupon.code, attributes: { ...coupon.attributes, active: false } }, { expectedVersion: coupon.version, holding: coupon });
  }

  async get(ctx: TenantContext, code: string): Promise<CommandItem<CouponAttributes>> {
    const coupon = await this.book.find(ctx, code);
    if (!coupon) throw new NotFoundError('coupon', normalizeCouponCode(code));
    return coupon;
  }

  async list(ctx: TenantContext): Promise<CommandItem<CouponAttributes>[]> {
    return this.commands.latestOfType<CouponAttributes>(ctx, COUPON_ENTITY, 5000);
  }

  async redemptions(ctx: TenantContext, code: string, page: PageRequest): Promise<Page<RedemptionLine>> {
    const coupon = await this.get(ctx, code);
    return this.items.list<RedemptionLine>(ctx, redemptionPrefix(coupon.code), page);
  }

  /** What the validation pipe cannot see: rules across fields and the shop currency. */
  private async check(ctx: TenantContext, c: CouponAttributes): Promise<void> {
    const problems: FieldProblem[] = [];
    if (c.kind === 'percentage' && (c.value < 1 || c.value > 10_000)) problems.push({ field: 'value', problem: 'a percentage is 1-10000 basis points' });
    if (c.kind === 'fixed' && c.value < 1) problems.push({ field: 'value', problem: 'a fixed discount must be at least 1' });
    if (c.kind === 'free_shipping' && c.value !== 0) problems.push({ field: 'value', problem: 'must be 0 for free_shipping' });
    if (c.startsAt && c.endsAt && Date.parse(c.startsAt) >= Date.parse(c.endsAt)) problems.push({ field: 'endsAt', problem: 'must be after startsAt' });
    const currency = (await this.tenants.find(ctx.tenantCode))?.attributes.currency;
    if (currency && c.currency !== currency) problems.push({ field: 'currency', problem: `must be the shop currency ${currency}` });
    if (problems.length) throw new ValidationFailedError(problems);
  }
}
