/**
 * The public surface of `notification`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 * Only the composition (src/app) imports it: contexts publish events (core/events.ts) and never
 * reach the outbox. Importing it declares the event subscribers.
 */
export { BackInStockMail } from './back-in-stock.mail';
export { IdentityMail } from './identity.mail';
export { LowStockMail } from './low-stock.mail';
export { subscribersWithoutNest } from './subscribers-without-nest';
