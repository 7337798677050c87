export const DEFAULT_WAREHOUSE = 'main';

/** The most units one warehouse may hold of one SKU, by any path. */
export const MAX_UNITS = 10_000_000;

/**
 * Stock of one SKU in one warehouse. `available = onHand - reserved` is kept by every update.
 * `version` counts admin changes only, so admins are not raced by every sale.
 */
export interface StockLevel {
  sku: string;
  productCode: string;
  warehouse: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  version: number;
  updatedAt: string;
  /** Counts every change of the level (admin edits, reservations, releases, sales): the read model keeps the highest. */
  changes?: number;
}

export const MOVEMENT_TYPES = ['restock', 'adjustment', 'reserve', 'release', 'sale', 'return', 'write_off'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/**
 * One line of the ledger. `onHandDelta` sums to on-hand (restock, adjustment, sale);
 * `reservedDelta` sums to reserved (reserve, release, sale).
 */
export interface StockMovement {
  sku: string;
  productCode: string;
  warehouse: string;
  movementId: string;
  type: MovementType;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  orderCode?: string;
  by: string;
  at: string;
}

export interface ReservedLine {
  sku: string;
  productCode: string;
  warehouse: string;
  quantity: number;
}

/** held: stock is set aside; released/deducted: given back or sold; void: nothing was ever held. */
export type ReservationState = 'held' | 'released' | 'deducted' | 'void';

export interface Reservation {
  orderCode: string;
  state: ReservationState;
  lines: ReservedLine[];
  /** The customer whose held-units counters the lines count in (absent for reservations made before those counters). */
  holder?: string;
  /** A guest's client (its digest) whose held-units counters the lines count in as well. */
  clientHolder?: string;
  /** 2 once a late payment took the stock again after the hold released it (absent: 1). */
  generation?: number;
  updatedAt: string;
}

/** Who holds an order's stock, and how many units of one SKU they may hold at once. */
export interface Holder {
  customerId: string;
  maxHeldUnitsPerSku: number;
  /** A guest's client (a digest of its address): its units of each SKU are capped too, whatever the emails given. */
  client?: { key: string; maxHeldUnitsPerSku: number };
}
