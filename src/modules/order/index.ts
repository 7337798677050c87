/**
 * The public surface of `order`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { assertOrderLimits, placementCounts } from './order-limits';
export { OrderAccessTokens } from './order-access';
export { OrderStockHolds } from './order-stock.holds';
export { ORDER_ENTITY, RETURN_ENTITY } from './order.keys';
export { ORDER_STATUSES } from './order.model';
export type { Address, CancelReason, OrderAttributes, OrderLine, OrderStatus } from './order.model';
export { OrderPlacement } from './order.placement';
export type { DraftFields, OrderBuyer, OrderDraft, OrderQuote } from './order.placement';
export { OrderPricer } from './order.pricer';
export type { DraftLine, DraftLineTotals, DraftTotals, PricedDraft, PricingDraft, ShopRules } from './order.pricer';
export { OrderService } from './order.service';
export type { ReturnAttributes } from './return.model';
export { ReturnService } from './return.service';
