/**
 * The public surface of `customer`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { CustomerService } from './customer.service';
export { CUSTOMER_ENTITY } from './customer.keys';
export type { CustomerAttributes } from './customer.model';
export { CustomerProjection, refreshCustomerFacts } from './customer.projection';
