/**
 * The public surface of `tax`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { TaxRules } from './tax.rules';
export { TAX_RATE_ENTITY } from './tax.keys';
