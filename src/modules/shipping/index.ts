/**
 * The public surface of `shipping`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { ShippingRules } from './shipping.rules';
export { SHIPPING_METHOD_ENTITY, SHIPPING_ZONE_ENTITY } from './shipping.keys';
