import { Injectable } from '@nestjs/common';
import { cancellationReasons } from '../../core/dynamo';
import { logger } from '../../core/logger';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { clientHeldUnitsKey, heldUnitsKey, movementKey, reservationKey, stockKey } from './inventory.keys';
import { Reservation, ReservedLine, StockMovement } from './inventory.model';
import { LowStockAlerts } from './low-stock.alerts';
import { StockLevelCache } from './stock-level.cache';

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

/** Who holds an order's stock, and how many units of one SKU they may hold at once. */
export interface Holder {
  customerId: string;
  maxHeldUnitsPerSku: number;
  /** A guest's client (a digest of its address): its units of each SKU are capped too, whatever the emails given. */
  client?: { key: string; maxHeldUnitsPerSku: number };
}

/** A late payment's retake met the hold its order's cancel has yet to release: retried by the stream. */
export class HoldNotReleasedYet extends Error {
  constructor(orderCode: string) {
    super(`the hold of ${orderCode} is not released yet`);
  }
}

/** Contention is retried with jitter; past this the stream redelivers the record. */
const MAX_ATTEMPTS = 12;

/**
 * Reserve, release and deduct an order's stock, lock-free: one TransactWriteItems per step with
 * conditions instead of versions. The reservation item is the step's guard, so every step
 * happens at most once per order whatever the delivery order, and release gives back exactly
 * what was held.
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
    return { check: heldUnitsKey(customerId, sku), condition: 'attribute_not_exists(units) OR units <= :room', values: { ':room': room } };
  }

  /**
   * Holds every line or none. `retake`: the order's hold was released (its payment came late)
   * and is taken again, once (generation 2), if the stock is still there.
   */
  async reserve(ctx: TenantContext, orderCode: string, wanted: readonly WantedLine[], holder?: Holder, companions: readonly CompanionWrite[] = [], options: { retake?: boolean } = {}): Promise<ReserveOutcome> {
    const generation = options.retake ? 2 : 1;
    // The reservation item is not read first: its put's condition says whether one exists, and
    // only then (a replay, or a cancel that came first) is it read.
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let plan = await this.plan(ctx, wanted, attempt > 1);
      // "Out of stock" is never concluded from reused levels.
      if (plan.short.length > 0 && attempt === 1) plan = await this.plan(ctx, wanted, true);
      // Short, or held already by this very order (a replay)? Only the reservation can tell.
      if (plan.short.length > 0) return (await this.existing(ctx, orderCode, generation)) ?? { kind: 'out_of_stock', skus: plan.short };
      const now = new Date().toISOString();
      const heldWrites = holder ? this.holdUnits(holder, plan.lines) : [];
      const writes: TenantWrite[] = [
        options.retake
          ? {
              update: reservationKey(orderCode),
              set: 'SET #state = :held, #lines = :lines, generation = :two, updatedAt = :now',
              // Reason: a released hold is taken again once, never a held or sold one.
              condition: '#state = :released AND attribute_not_exists(generation)',
              names: { '#state': 'state', '#lines': 'lines' },
              values: { ':held': 'held', ':lines': plan.lines, ':two': 2, ':released': 'released', ':now': now },
            }
          : {
              // Reason: one reservation per order; a replay or a cancel that came first finds it.
              put: { sk: reservationKey(orderCode), orderCode, state: 'held', lines: plan.lines, ...(holder ? { holder: holder.customerId } : {}), ...(holder?.client ? { clientHolder: holder.client.key } : {}), updatedAt: now },
              condition: 'attribute_not_exists(pk)',
            },
        ...heldWrites,
        ...plan.lines.flatMap((line) => [
          {
            update: stockKey(line.sku, line.warehouse),
            set: 'SET available = available - :q, reserved = reserved + :q, updatedAt = :now ADD changes :one',
            // Reason: never oversell; the check and the decrement are one atomic step.
            condition: 'available >= :q',
            values: { ':q': line.quantity, ':now': now, ':one': 1 },
          },
          this.movement(ctx, line, orderCode, 'reserve', 0, line.quantity, now, stepSuffix(generation)),
        ]),
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
        await backoff(attempt);
      }
    }
    throw new Error(`could not reserve stock for ${orderCode} after ${MAX_ATTEMPTS} attempts`);
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
   * Reason: a customer's units of one SKU in open orders stay within the shop's cap, atomically
   * with the hold; a guest's client's too (so new emails from one client gain nothing). One
   * counter per line for the holder, then one per line for the client.
   */
  private holdUnits(holder: Holder, lines: readonly ReservedLine[]): TenantWrite[] {
    const add = (key: string, max: number, line: ReservedLine): TenantWrite => ({
      update: key,
      set: 'SET units = if_not_exists(units, :zero) + :q',
      condition: 'attribute_not_exists(units) OR units <= :room',
      values: { ':zero': 0, ':q': line.quantity, ':room': max - line.quantity },
    });
    const client = holder.client;
    return [
      ...lines.map((line) => add(heldUnitsKey(holder.customerId, line.sku), holder.maxHeldUnitsPerSku, line)),
      ...(client ? lines.map((line) => add(clientHeldUnitsKey(client.key, line.sku), client.maxHeldUnitsPerSku, line)) : []),
    ];
  }

  /** The holder's (and client's) counters of what `reservation` holds of these lines, given back or sold. */
  private unholdUnits(reservation: Reservation, lines: readonly { sku: string; quantity: number }[]): TenantWrite[] {
    const keys = [...(reservation.holder ? [(sku: string) => heldUnitsKey(reservation.holder!, sku)] : []), ...(reservation.clientHolder ? [(sku: string) => clientHeldUnitsKey(reservation.clientHolder!, sku)] : [])];
    return keys.flatMap((key) => lines.map((line): TenantWrite => ({ update: key(line.sku), set: 'ADD units :minusQ', values: { ':minusQ': -line.quantity } })));
  }

  /**
   * Gives back what the order holds, and undoes its companions (`companions`: the inverse of
   * the writes its reserve carried) in the same transaction. With nothing held, leaves a void
   * mark so a late reserve holds nothing.
   */
  async release(ctx: TenantContext, orderCode: string, companions: (now: string) => TenantWrite[] = () => []): Promise<void> {
    await this.finish(ctx, orderCode, 'released', companions, (line, now, suffix) => [
      {
        update: stockKey(line.sku, line.warehouse),
        set: 'SET available = available + :q, reserved = reserved - :q, updatedAt = :now ADD changes :one',
        condition: 'reserved >= :q',
        values: { ':q': line.quantity, ':now': now, ':one': 1 },
      },
      this.movement(ctx, line, orderCode, 'release', 0, -line.quantity, now, suffix),
    ]);
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
        {
          update: reservationKey(orderCode),
          set: final ? 'SET #state = :deducted, updatedAt = :now' : 'SET updatedAt = :now',
          condition: '#state = :held',
          names: { '#state': 'state' },
          values: { ':held': 'held', ':now': now, ...(final ? { ':deducted': 'deducted' } : {}) },
        },
        ...sold.flatMap((line) => [
          {
            update: stockKey(line.sku, line.warehouse),
            set: 'SET onHand = onHand - :q, reserved = reserved - :q, updatedAt = :now ADD changes :one',
            condition: 'reserved >= :q',
            values: { ':q': line.quantity, ':now': now, ':one': 1 },
          },
          this.movement(ctx, line, orderCode, 'sale', -line.quantity, -line.quantity, now, suffix),
        ]),
        ...this.unholdUnits(reservation, sold),
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
        if (unit.condition === 'damaged') return [this.movement(ctx, line, orderCode, 'write_off', 0, 0, now, `.${returnCode}`)];
        return [
          { update: stockKey(line.sku, line.warehouse), set: 'SET onHand = onHand + :q, available = available + :q, updatedAt = :now ADD changes :one', condition: 'attribute_exists(pk)', values: { ':q': line.quantity, ':now': now, ':one': 1 } },
          this.movement(ctx, line, orderCode, 'return', line.quantity, 0, now, `.${returnCode}`),
        ];
      });
    });
  }

  /**
   * One transaction whose movement lines (puts only if absent) make it happen once: a refused
   * put means it happened already (a redelivery); other refusals are contention, retried.
   * `build` answers nothing when there is nothing to do.
   */
  private async onceByMovements(ctx: TenantContext, what: string, build: () => Promise<TenantWrite[] | undefined>): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const writes = await build();
      if (!writes) return;
      try {
        await this.items.transact(ctx, writes);
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (writes.some((w, i) => 'put' in w && reasons[i] === 'ConditionalCheckFailed')) return;
        await backoff(attempt);
      }
    }
    throw new Error(`could not ${what} after ${MAX_ATTEMPTS} attempts`);
  }

  private async finish(
    ctx: TenantContext,
    orderCode: string,
    state: 'released' | 'deducted',
    companions: (now: string) => TenantWrite[],
    perLine: (line: ReservedLine, now: string, suffix: string) => TenantWrite[],
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const now = new Date().toISOString();
      const reservation = await this.items.get<Reservation>(ctx, reservationKey(orderCode));
      if (reservation && reservation.state !== 'held') return;
      if (!reservation && state === 'deducted') {
        logger.error('nothing reserved to deduct', { tenant: ctx.tenantCode, orderCode });
        return;
      }
      const writes: TenantWrite[] = reservation
        ? [
            {
              update: reservationKey(orderCode),
              set: 'SET #state = :next, updatedAt = :now',
              // Reason: each reservation is released or deducted once.
              condition: '#state = :held',
              names: { '#state': 'state' },
              values: { ':next': state, ':held': 'held', ':now': now },
            },
            ...reservation.lines.flatMap((line) => perLine(line, now, stepSuffix(reservation.generation ?? 1))),
            // The customer holds these units no more, whether they were given back or sold.
            ...this.unholdUnits(reservation, reservation.lines),
            ...companions(now),
          ]
        : [{ put: { sk: reservationKey(orderCode), orderCode, state: 'void', lines: [], updatedAt: now }, condition: 'attribute_not_exists(pk)' }];
      try {
        await this.items.transact(ctx, writes);
        return;
      } catch (error) {
        if (!cancellationReasons(error)) throw error;
        await backoff(attempt);
      }
    }
    throw new Error(`could not ${state === 'released' ? 'release' : 'deduct'} stock of ${orderCode} after ${MAX_ATTEMPTS} attempts`);
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


  private movement(ctx: TenantContext, line: ReservedLine, orderCode: string, type: StockMovement['type'], onHandDelta: number, reservedDelta: number, at: string, suffix = ''): TenantWrite {
    const movementId = `${orderCode}.${type}${suffix}`;
    const movement: StockMovement = {
      sku: line.sku,
      productCode: line.productCode,
      warehouse: line.warehouse,
      movementId,
      type,
      onHandDelta,
      reservedDelta,
      reason: `order ${orderCode}`,
      orderCode,
      by: ctx.userId,
      at,
    };
    // Reason: the ledger has one line per order, action and SKU, whatever the redeliveries.
    return { put: { sk: movementKey(line.sku, line.warehouse, movementId), ...movement }, condition: 'attribute_not_exists(pk)' };
  }
}

/** Movement ids of a hold taken again carry its generation, so they never collide with the first hold's. */
function stepSuffix(generation: number): string {
  return generation > 1 ? `.g${generation}` : '';
}

function mergeBySku(wanted: readonly WantedLine[]): WantedLine[] {
  const merged = new Map<string, WantedLine>();
  for (const line of wanted) {
    const seen = merged.get(line.sku);
    merged.set(line.sku, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  return [...merged.values()];
}

/** Full jitter: contending writers spread out instead of colliding again. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
