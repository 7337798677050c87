/**
 * The public surface of `search`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { CatalogProjection, projectEntity, projectProducts, projectStock, projectStockLevels } from './catalog.projection';
export type { StockImage } from './catalog.projection';
