import { TenantItemStore } from '../../src/core/tenant-item.store';
import { signWebhook } from '../../src/modules/payment/webhook-signature';
import { TEST_SIGNATURE_HEADER, TestPaymentProvider, TestPspEvent, testWebhookSecret } from '../../src/modules/payment/test-payment.provider';
import { expectOk, readyGuestCart, storefrontShop } from './storefront';
import { TestSystem } from './test-system';

export type Webhook = { raw: string; headers: Record<string, string> };

/** What the local test PSP sends: a signed event about one payment. */
export function pspEvent(tenant: string, event: TestPspEvent, options: { at?: Date; secret?: string; signature?: string | null } = {}): Webhook {
  const body = JSON.stringify(event);
  const signature = options.signature === null ? undefined : (options.signature ?? signWebhook(options.secret ?? testWebhookSecret(tenant), body, options.at ?? new Date()));
  const headers: Record<string, string> = {};
  if (signature) headers[TEST_SIGNATURE_HEADER] = signature;
  return { raw: body, headers };
}

export const psp = new TestPaymentProvider(new TenantItemStore());

/** The PSP records what it is about to tell (as a real one would), then sends its webhook. */
export async function deliver(system: TestSystem, tenant: string, webhook: Webhook) {
  const event = JSON.parse(webhook.raw) as TestPspEvent;
  const status = ({ 'payment.authorized': 'authorized', 'payment.failed': 'failed', 'payment.captured': 'captured' } as const)[event.type as 'payment.authorized'];
  if (status) await psp.settle(tenant, event.data.reference, status);
  return system.request('POST', `/webhooks/test/${tenant}`, webhook);
}

/** The PSP's event of `type` about `payment`, for the payment's own reference and amount. */
export function authorized(payment: { code: string; attributes: { providerReference: string; amount: { amount: number; currency: string } } }, id: string, type: TestPspEvent['type'] = 'payment.authorized'): TestPspEvent {
  return { id, type, data: { reference: payment.attributes.providerReference, amount: payment.attributes.amount, metadata: { paymentCode: payment.code } } };
}

/** A storefront shop with a guest order of 2 x TEE-M paid by card: awaiting payment. */
export async function awaitingOrder(system: TestSystem, tenant: string, holdSeconds = 900) {
  const { shop, key } = await storefrontShop(system, tenant, { holdSeconds });
  const cart = await readyGuestCart(system, key, [{ sku: 'TEE-M', quantity: 2 }]);
  await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'card' }));
  await system.sync();
  const order = (await cart.call('GET', `/carts/${cart.id}/order`)).body;
  if (order.attributes.status !== 'awaiting_payment') throw new Error(`order ${order.code} is ${order.attributes.status}, not awaiting_payment`);
  return { shop, cart, order };
}
