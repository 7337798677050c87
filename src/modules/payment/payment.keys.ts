import { sortKey } from '../../core/keys';

/** Entity type of a payment; its code is `<order code>-P<attempt>`. */
export const PAYMENT_ENTITY = 'PAYMENT';

export const paymentCode = (orderCode: string, attempt: number) => `${orderCode}-P${attempt}`;

/** How many payments an order has had (a declined one may be retried with another method). */
export const paymentAttemptsKey = (orderCode: string) => sortKey('PAYMENTATTEMPTS', orderCode);

/** The webhook inbox: one item per provider event, written with the change it made (once). */
export const providerEventKey = (provider: string, eventId: string) => sortKey('PAYMENTEVENT', provider, eventId);
