import { IndexKeys } from '../../core/entity';
import { indexPk, sortKey } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantWrite } from '../../core/tenant-item.store';
import { PaymentAttributes } from './payment.model';

/** Entity type of a payment; its code is `<order code>-P<attempt>`. */
export const PAYMENT_ENTITY = 'PAYMENT';

export const paymentCode = (orderCode: string, attempt: number) => `${orderCode}-P${attempt}`;

/** How many payments an order has had (a declined one may be retried with another method). */
export const paymentAttemptsKey = (orderCode: string) => sortKey('PAYMENTATTEMPTS', orderCode);

/** The attempt counter moves from `before` to the new payment's number, only if nobody moved it meanwhile. */
export function attemptTaken(orderCode: string, before: number): TenantWrite {
  return before === 0
    ? { update: paymentAttemptsKey(orderCode), set: 'SET #count = :n', condition: 'attribute_not_exists(#count)', names: { '#count': 'count' }, values: { ':n': 1 } }
    : { update: paymentAttemptsKey(orderCode), set: 'SET #count = :n', condition: '#count = :before', names: { '#count': 'count' }, values: { ':n': before + 1, ':before': before } };
}

/** The webhook inbox: one item per provider event, written with the change it made (once). */
export const providerEventKey = (provider: string, eventId: string) => sortKey('PAYMENTEVENT', provider, eventId);

/** The group of the state index that holds payments still without an outcome, oldest first. */
export const openPaymentsGroup = (): [string, string] => ['OPEN', PAYMENT_ENTITY];

/** A payment is in the open group while it is `created`: the reconcile sweep reads only that. */
export function paymentIndexes(ctx: Pick<TenantContext, 'tenantCode'>, code: string, payment: Pick<PaymentAttributes, 'state'>, startedAt: string): IndexKeys {
  return payment.state === 'created' ? { gsi2pk: indexPk(ctx, ...openPaymentsGroup()), gsi2sk: sortKey('STARTED', startedAt, code) } : {};
}

/** The one offline payment staff recorded for an order: `{paymentCode}`, put with that payment. */
export const offlinePaymentKey = (orderCode: string) => sortKey('OFFLINEPAYMENT', orderCode);
