/**
 * The public surface of `notification`: what other folders may import from it (everything else in
 * this folder is internal; .dependency-cruiser.cjs and test/infra/import-rules.spec.ts check it).
 */
export { LowStockMail } from './low-stock.mail';
export { MailerProvider } from './mailer';
export { NotificationOutbox } from './notification.outbox';
