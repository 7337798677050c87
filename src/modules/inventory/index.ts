/**
 * The public surface of `inventory`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { InventoryService } from './inventory.service';
export type { StockLevel } from './inventory.model';
export type { LowStockEvent } from './low-stock.alerts';
export { StockReservations } from './stock.reservations';
export type { CompanionWrite, ReserveOutcome } from './stock.reservations';
