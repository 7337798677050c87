import { Injectable } from '@nestjs/common';
import { cancellationReasons } from '../../core/dynamo';
import { logger } from '../../core/logger';
import { HOT_ITEM, isCancelledTransaction, retryOnConflict, RetryPolicy } from '../../core/retry';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { heldUnitsKey, reservationKey } from './inventory.keys';
import { Holder, Reservation, ReservedLine } from './inventory.model';
import { LowStockAlerts } from './low-stock.alerts';
import { StockLevelCache } from './stock-level.cache';
import { heldUnitsRoom, holdUnits, orderMovement, reservationBorn, reservationMoved, reservationPartlyDeducted, reservationRetaken, stepSuffix, stockLevelChange, unholdUnits } from './stock.writes';

export interface WantedLine {
  sku: string;
  productCode: string;
  quantity: number;
}

export type ReserveOutcome =
  | { kind: 'reserved'; lines: ReservedLine[] }
  | { kind: 'out_of_stock'; skus: string[] }
  /** The holder would hold more units of these SKUs than the shop allows one customer. */
  | { kind: 'held_limit'; skus: string[] }
  /** A companion write (a coupon redemption) was refused: nothing held. `labels` say which. */
  | { kind: 'companion_refused'; labels: string[] }
  /** The order was cancelled before anything was held: reserve nothing. */
  | { kind: 'void' };

/**
 * A write that must land with the stock hold or not at all (a coupon redemption), and a label
 * that names it when its condition refuses the hold.
 */
export interface CompanionWrite {
  label: string;
  write: TenantWrite;
}

/**
 * A late payment's retake met the hold its order's cancel has yet to release: retried by the
 * stream. Internal control flow of the stream path (never reaches HTTP), hence a plain Error.
 */
export class HoldNotReleasedYet extends Error {
  constructor(orderCode: string) {
    super(`the hold of ${orderCode} is not released yet`);
  }
}

/**
 * A stock level is the hot item of a sale: every cancelled transaction of a step (a sold-out
 * race, a TransactionConflict, throttling) is decided again from a fresh read after a jittered
 * pause; past HOT_ITEM's tries the stream redelivers the record.
 */
function stockStep(what: string): RetryPolicy {
  return { ...HOT_ITEM, retryOn: isCancelledTransaction, exhausted: () => new Error(`could not ${what} after ${HOT_ITEM.attempts} attempts`) };
}


/**
 * The reservation lifecycle: reserve, release and deduct an order's stock (and receive its
 * returns), lock-free: one TransactWriteItems per step with conditions instead of versions. The
 * reservation item is the step's guard (its states: reservation.state-machine.ts), so every step
 * happens at most once per order whatever the delivery order, and release gives back exactly
 * what was held. The writes themselves are built in stock.writes.ts.
 */
@Injectable()
export class StockReservations {
  constructor(
    private readonly items: TenantItemStore,
    private readonly alerts: LowStockAlerts,
    private readonly levelCache: StockLevelCache,
  ) {}

  /**
   * A check that the customer holds at most `room` units of the SKU now (absent: none), for a
   * transaction that refuses early; the reservation's own increment is the guard.
   */
  heldUnitsRoom(customerId: string, sku: string, room: number): TenantWrite {
    return heldUnitsRoom(heldUnitsKey(customerId, sku), room);
  }

  /**
   * Holds every line or none. `retake`: the order's hold was released (its payment came late)
   * and is taken again, once (generation 2), if the stock is still there.
   */
  async reserve(ctx: TenantContext, orderCode: string, wanted: readonly WantedLine[], holder?: Holder, companions: readonly CompanionWrite[] = [], options: { retake?: boolean } = {}): Promise<ReserveOutcome> {
    const generation = options.retake ? 2 : 1;
    // The reservation item is not read first: its put's condition says whether one exists, and
    // only then (a replay, or a cancel that came first) is it read.
    return retryOnConflict(stockStep(`reserve stock for ${orderCode}`), async (attempt) => {
      let plan = await this.plan(ctx, wanted, attempt > 1);
      // "Out of stock" is never concluded from reused levels.
      if (plan.short.length > 0 && attempt === 1) plan = await this.plan(ctx, wanted, true);
      // Short, or held already by this very order (a replay)? Only the reservation can tell.
      if (plan.short.length > 0) return (await this.existing(ctx, orderCode, generation)) ?? { kind: 'out_of_stock', skus: plan.short };
      const now = new Date().toISOString();
      const heldWrites = holder ? holdUnits(holder, plan.lines) : [];
      const writes: TenantWrite[] = [
        options.retake ? reservationRetaken(orderCode, plan.lines, now) : reservationBorn(orderCode, 'held', plan.lines, now, holder),
        ...heldWrites,
        ...plan.lines.flatMap((line) => [stockLevelChange('reserve', line, now), orderMovement(ctx.userId, line, orderCode, 'reserve', { onHand: 0, reserved: line.quantity }, now, stepSuffix(generation))]),
        ...companions.map((c) => c.write),
      ];
      const firstCompanion = writes.length - companions.length;
      try {
        await this.items.transact(ctx, writes);
        for (const line of plan.lines) this.levelCache.taken(ctx, line.sku, line.warehouse, line.quantity);
        await this.alerts.check(ctx, plan.lines.map((line, i) => ({ ...line, lowStockThreshold: plan.thresholds[i] })));
        return { kind: 'reserved', lines: plan.lines };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons[0] === 'ConditionalCheckFailed') {
          const outcome = await this.existing(ctx, orderCode, generation);
          if (outcome) return outcome;
        }
        // [reservation, the holder's counter per line, then the client's per line, ...]
        const overLimit = plan.lines.filter((_, i) => reasons[1 + i] === 'ConditionalCheckFailed' || (!!holder?.client && reasons[1 + plan.lines.length + i] === 'ConditionalCheckFailed'));
        if (heldWrites.length > 0 && overLimit.length > 0) return { kind: 'held_limit', skus: overLimit.map((l) => l.sku) };
        const refused = companions.filter((_, i) => reasons[firstCompanion + i] === 'ConditionalCheckFailed').map((c) => c.label);
        if (refused.length > 0) return { kind: 'companion_refused', labels: [...new Set(refused)] };
        throw error; // contention: another try
      }
    });
  }

  /** What an earlier reserve (or a cancel that came first) left for this order, if anything. */
  private async existing(ctx: TenantContext, orderCode: string, generation: number): Promise<ReserveOutcome | undefined> {
    const reservation = await this.items.get<Reservation>(ctx, reservationKey(orderCode));
    if (generation === 2) {
      // Taken again already (a replay), or not retakeable any more (sold, or never released).
      if (reservation?.generation === 2) return reservation.state === 'released' ? { kind: 'void' } : { kind: 'reserved', lines: reservation.lines };
      // The cancel's own release has not run yet: the stream tries this record again after it.
      if (reservation?.state === 'held') throw new HoldNotReleasedYet(orderCode);
      return reservation?.state === 'released' ? undefined : { kind: 'void' };
    }
    if (!reservation) return undefined;
    return reservation.state === 'void' ? { kind: 'void' } : { kind: 'reserved', lines: reservation.lines };
  }

  /**
   * Gives back what the order holds, and undoes its companions (`companions`: the inverse of
   * the writes its reserve carried) in the same transaction. With nothing held, leaves a void
   * mark so a late reserve holds nothing.
   */
  async release(ctx: TenantContext, orderCode: string, companions: (now: string) => TenantWrite[] = () => []): Promise<void> {
    await retryOnConflict(stockStep(`release stock of ${orderCode}`), async () => {
      const now = new Date().toISOString();
      const reservation = await this.items.get<Reservation>(ctx, reservationKey(orderCode));
      if (reservation && reservation.state !== 'held') return;
      const suffix = stepSuffix(reservation?.generation ?? 1);
      const writes: TenantWrite[] = reservation
        ? [
            reservationMoved(orderCode, 'released', now),
            ...reservation.lines.flatMap((line) => [stockLevelChange('release', line, now), orderMovement(ctx.userId, line, orderCode, 'release', { onHand: 0, reserved: -line.quantity }, now, suffix)]),
            // The customer holds these units no more.
            ...unholdUnits(reservation, reservation.lines),
            ...companions(now),
          ]
        : [reservationBorn(orderCode, 'void', [], now)];
      await this.items.transact(ctx, writes);
    });
  }

  /**
   * Turns the shipped units of what the order holds into a sale: they leave on-hand and
   * reserved together. Once per shipment (its movement lines are the guard); the shipment that
   * completes the order also closes the reservation (`deducted`).
   */
  async deductShipment(ctx: TenantContext, orderCode: string, shipmentId: string, units: readonly { sku: string; quantity: number }[], final: boolean): Promise<void> {
    await this.onceByMovements(ctx, `deduct shipment ${shipmentId} of ${orderCode}`, async () => {
      const now = new Date().toISOString();
      const reservation = await this.items.get<Reservation>(ctx, reservationKey(orderCode));
      if (!reservation || reservation.state !== 'held') {
        if (!reservation) logger.error('nothing reserved to deduct', { tenant: ctx.tenantCode, orderCode });
        return undefined;
      }
      const suffix = `.${shipmentId}${stepSuffix(reservation.generation ?? 1)}`;
      const sold = units.map((unit) => ({ ...reservation.lines.find((l) => l.sku === unit.sku)!, quantity: unit.quantity })).filter((l) => l.warehouse);
      return [
        final ? reservationMoved(orderCode, 'deducted', now) : reservationPartlyDeducted(orderCode, now),
        ...sold.flatMap((line) => [stockLevelChange('sale', line, now), orderMovement(ctx.userId, line, orderCode, 'sale', { onHand: -line.quantity, reserved: -line.quantity }, now, suffix)]),
        ...unholdUnits(reservation, sold),
      ];
    });
  }

  /**
   * Units a customer sent back: `restock` ones return to on-hand and available (movement
   * `return`), `damaged` ones are written off (movement `write_off`, stock unchanged: they left
   * on-hand when sold). Once per return (its movement lines are the guard).
   */
  async receiveReturn(ctx: TenantContext, orderCode: string, returnCode: string, units: readonly { sku: string; quantity: number; condition: 'restock' | 'damaged' }[]): Promise<void> {
    const merged = new Map<string, { sku: string; quantity: number; condition: 'restock' | 'damaged' }>();
    for (const unit of units) {
      const key = `${unit.sku}\n${unit.condition}`;
      merged.set(key, { ...unit, quantity: (merged.get(key)?.quantity ?? 0) + unit.quantity });
    }
    await this.onceByMovements(ctx, `receive return ${returnCode} of ${orderCode}`, async () => {
      const reservation = await this.items.get<Reservation>(ctx, reservationKey(orderCode));
      const now = new Date().toISOString();
      return [...merged.values()].flatMap((unit): TenantWrite[] => {
        const line = { ...(reservation?.lines.find((l) => l.sku === unit.sku) ?? { sku: unit.sku, productCode: unit.sku, warehouse: 'main' }), quantity: unit.quantity };
        if (unit.condition === 'damaged') return [orderMovement(ctx.userId, line, orderCode, 'write_off', { onHand: 0, reserved: 0 }, now, `.${returnCode}`)];
        return [stockLevelChange('return', line, now), orderMovement(ctx.userId, line, orderCode, 'return', { onHand: line.quantity, reserved: 0 }, now, `.${returnCode}`)];
      });
    });
  }

  /**
   * One transaction whose movement lines (puts only if absent) make it happen once: a refused
   * put means it happened already (a redelivery); other refusals are contention, retried.
   * `build` answers nothing when there is nothing to do.
   */
  private async onceByMovements(ctx: TenantContext, what: string, build: () => Promise<TenantWrite[] | undefined>): Promise<void> {
    await retryOnConflict(stockStep(what), async () => {
      const writes = await build();
      if (!writes) return;
      try {
        await this.items.transact(ctx, writes);
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons && writes.some((w, i) => 'put' in w && reasons[i] === 'ConditionalCheckFailed')) return;
        throw error;
      }
    });
  }

  /**
   * For each SKU the warehouse with the most available stock, if one has enough. `fresh`
   * reads the levels again; otherwise recent levels may be reused (StockLevelCache).
   */
  private async plan(ctx: TenantContext, wanted: readonly WantedLine[], fresh: boolean): Promise<{ lines: ReservedLine[]; thresholds: number[]; short: string[] }> {
    const lines: ReservedLine[] = [];
    const thresholds: number[] = [];
    const short: string[] = [];
    for (const line of mergeBySku(wanted)) {
      const levels = await this.levelCache.of(ctx, line.sku, fresh);
      const best = levels.filter((l) => l.available >= line.quantity).sort((a, b) => b.available - a.available)[0];
      if (best) {
        lines.push({ ...line, warehouse: best.warehouse });
        thresholds.push(best.lowStockThreshold);
      } else short.push(line.sku);
    }
    return { lines, thresholds, short };
  }
}

function mergeBySku(wanted: readonly WantedLine[]): WantedLine[] {
  const merged = new Map<string, WantedLine>();
  for (const line of wanted) {
    const seen = merged.get(line.sku);
    merged.set(line.sku, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  return [...merged.values()];
}
