/**
 * The public surface of `storefront`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { renderStorefrontShell } from './crawler-html';
export type { CrawlerCategory, CrawlerProduct, ShellPage } from './crawler-html';
