import { Injectable } from '@nestjs/common';
import { cancellationReasons } from '../../core/dynamo';
import { Page } from '../../core/entity';
import { ConflictError, ValidationFailedError, VersionConflictError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { HOT_ITEM, retryOnConflict } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { ProductService } from '../catalog';
import { ChangeStockDto } from './dto/inventory.dto';
import { movementPrefix, stockKey, stockPrefix } from './inventory.keys';
import { DEFAULT_WAREHOUSE, MAX_UNITS, StockLevel, StockMovement } from './inventory.model';
import { movementWrite } from './stock.writes';

/**
 * A sale may change the level between our read and our write (a `set` was computed from the
 * on-hand it read): the level is the hot item, so its own refused condition is tried again from a
 * fresh read, which answers 409 with the current version when an admin changed it meanwhile.
 */
const EDIT_RETRY = { ...HOT_ITEM, retryOn: (error: unknown) => cancellationReasons(error)?.[0] === 'ConditionalCheckFailed' };

/** Tenant admins' view and edits of stock. Every edit carries the level's version (409 when stale). */
@Injectable()
export class InventoryService {
  constructor(
    private readonly items: TenantItemStore,
    private readonly products: ProductService,
  ) {}

  async levels(ctx: TenantContext, code: string): Promise<{ productCode: string; sku: string; warehouses: StockLevel[] }> {
    const target = await this.stockOf(ctx, code);
    const { items } = await this.items.list<StockLevel>(ctx, stockPrefix(target.sku), { limit: 100, consistent: true });
    return { productCode: target.productCode, sku: target.sku, warehouses: items };
  }

  async movements(ctx: TenantContext, code: string, page: PageRequest): Promise<Page<StockMovement>> {
    const target = await this.stockOf(ctx, code);
    return this.items.list<StockMovement>(ctx, movementPrefix(target.sku), page);
  }

  /**
   * Stock is kept per variant SKU. `code` is a SKU, or the code of a product with one variant
   * (the seed-001 routes); a product with several variants must be addressed by SKU.
   */
  async stockOf(ctx: TenantContext, code: string): Promise<{ sku: string; productCode: string }> {
    const owner = await this.products.productOfSku(ctx, code);
    if (owner) return { sku: code, productCode: owner };
    const product = await this.products.get(ctx, code);
    const variants = product.attributes.variants;
    if (variants.length > 1) throw new ValidationFailedError([{ field: 'code', problem: `product ${code} has ${variants.length} variants: use one of the SKUs ${variants.map((v) => v.sku).join(', ')}` }]);
    return { sku: variants[0].sku, productCode: product.code };
  }

  async change(ctx: TenantContext, productCode: string, dto: ChangeStockDto): Promise<StockLevel> {
    if (dto.onHand !== undefined && dto.adjustBy !== undefined) {
      throw new ValidationFailedError([{ field: 'adjustBy', problem: 'cannot be given together with onHand' }]);
    }
    // Without either, a change would bump the version and write a ledger line that says nothing.
    if (dto.onHand === undefined && dto.adjustBy === undefined) {
      const problem = 'exactly one of onHand and adjustBy is required (adjustBy 0 to change only lowStockThreshold)';
      throw new ValidationFailedError([{ field: 'onHand', problem }, { field: 'adjustBy', problem }]);
    }
    const product = await this.stockOf(ctx, productCode);
    const warehouse = dto.warehouse ?? DEFAULT_WAREHOUSE;
    const key = stockKey(product.sku, warehouse);
    return retryOnConflict(EDIT_RETRY, async () => {
      const current = await this.items.get<StockLevel>(ctx, key);
      if ((current?.version ?? 0) !== dto.expectedVersion) {
        throw new VersionConflictError(`stock of ${product.sku} in ${warehouse}`, dto.expectedVersion, current?.version ?? 0);
      }
      return current ? this.adjust(ctx, current, dto) : this.create(ctx, product, warehouse, dto);
    });
  }

  private async create(ctx: TenantContext, product: { sku: string; productCode: string }, warehouse: string, dto: ChangeStockDto): Promise<StockLevel> {
    const onHand = dto.onHand ?? dto.adjustBy ?? 0;
    if (onHand < 0) throw new ValidationFailedError([{ field: 'adjustBy', problem: 'cannot make on-hand negative' }]);
    const now = new Date().toISOString();
    const level: StockLevel = {
      sku: product.sku,
      productCode: product.productCode,
      warehouse,
      onHand,
      reserved: 0,
      available: onHand,
      lowStockThreshold: dto.lowStockThreshold ?? 0,
      version: 1,
      updatedAt: now,
    };
    await this.items.transact(ctx, [
      // Reason: version 0 means "create"; a second create is a conflict, not an overwrite.
      { put: { sk: stockKey(level.sku, warehouse), ...level, changes: 1 }, condition: 'attribute_not_exists(pk)' },
      this.movement(ctx, level, 1, onHand, dto, now),
    ]);
    return level;
  }

  private async adjust(ctx: TenantContext, current: StockLevel, dto: ChangeStockDto): Promise<StockLevel> {
    const delta = dto.onHand !== undefined ? dto.onHand - current.onHand : (dto.adjustBy ?? 0);
    if (current.onHand + delta > MAX_UNITS) {
      throw new ValidationFailedError([{ field: dto.onHand !== undefined ? 'onHand' : 'adjustBy', problem: `would take on-hand to ${current.onHand + delta}, above the cap of ${MAX_UNITS}` }]);
    }
    if (current.available + delta < 0) {
      throw new ConflictError(`on-hand cannot go below what is reserved (${current.reserved}); available is ${current.available}`, {
        currentVersion: current.version,
      });
    }
    const now = new Date().toISOString();
    const next = current.version + 1;
    const threshold = dto.lowStockThreshold ?? current.lowStockThreshold;
    await this.items.transact(ctx, [
      {
        update: stockKey(current.sku, current.warehouse),
        set: 'SET onHand = onHand + :d, available = available + :d, lowStockThreshold = :t, version = :next, updatedAt = :now ADD changes :one',
        // Reason: admins edit the version they read; `available` may move with sales meanwhile, but
        // never below zero; a `set` was computed from the on-hand it read.
        condition: ['version = :v', 'available >= :minusD', 'onHand <= :maxBefore', ...(dto.onHand !== undefined ? ['onHand = :read'] : [])].join(' AND '),
        values: {
          ':d': delta,
          ':one': 1,
          ':t': threshold,
          ':next': next,
          ':now': now,
          ':v': current.version,
          ':minusD': -delta,
          // Reason: the cap holds whatever happened since the read.
          ':maxBefore': MAX_UNITS - delta,
          ...(dto.onHand !== undefined ? { ':read': current.onHand } : {}),
        },
      },
      this.movement(ctx, current, next, delta, dto, now),
    ]);
    return { ...current, onHand: current.onHand + delta, available: current.available + delta, lowStockThreshold: threshold, version: next, updatedAt: now };
  }

  private movement(ctx: TenantContext, level: Pick<StockLevel, 'sku' | 'productCode' | 'warehouse'>, version: number, delta: number, dto: ChangeStockDto, at: string): TenantWrite {
    const movementId = `admin.v${version}`;
    const movement: StockMovement = {
      sku: level.sku,
      productCode: level.productCode,
      warehouse: level.warehouse,
      movementId,
      type: dto.reason === 'restock' ? 'restock' : 'adjustment',
      onHandDelta: delta,
      reservedDelta: 0,
      reason: dto.note ? `${dto.reason}: ${dto.note}` : dto.reason,
      by: ctx.userId,
      at,
    };
    return movementWrite(movement);
  }
}
