/**
 * The public surface of `order`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { assertOrderLimits, orderLimitProblems } from './order-limits';
export { OrderStockHolds } from './order-stock.holds';
export { ORDER_ENTITY, RETURN_ENTITY, orderIndexes } from './order.keys';
export type { Address, CancelReason, CheckoutSnapshot, OrderAttributes, OrderLine, OrderStatus } from './order.model';
export { OrderNumbers } from './order.numbers';
export { OrderService, customerActionsBucket } from './order.service';
export { INITIAL_STATUS } from './order.state-machine';
export type { ReturnAttributes } from './return.model';
export { ReturnService } from './return.service';
