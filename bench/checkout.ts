/**
 * The checkout phase of `npm run bench`: SHOPPERS guests each fill a cart with one unit of one
 * hot SKU and a coupon of limited uses, then all complete at once. Reported: completions/s,
 * p50/p99 from `complete` to the order holding its stock (confirmed), and the two invariants:
 * no oversell (held units <= stock) and no over-redemption (redemptions <= the coupon's limit,
 * and exactly the orders holding it).
 */
import { existsSync } from 'node:fs';

export interface CheckoutResult {
  shoppers: number;
  completed: number;
  held: number;
  cancelled: Record<string, number>;
  seconds: number;
  completionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  redeemed: number;
  couponLimit: number;
  units: number;
  reserved: number;
  oversold: boolean;
  overRedeemed: boolean;
}

type Call = (path: string, method: string, headers: Record<string, string>, body: unknown, expected: number) => Promise<any>;

export async function checkoutPhase(options: { call: Call; adminToken: string; round: string; shoppers: number; units: number; couponLimit: number }): Promise<CheckoutResult> {
  const { call, round, shoppers, units, couponLimit } = options;
  const admin = { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' };
  const sku = `CHK-${round}`;
  const coupon = `BENCH${round.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  await call('/products', 'POST', admin, { code: `P-${sku}`, name: 'Hot item', sku, price: { amount: 1999, currency: 'USD' } }, 201);
  await call(`/inventory/${sku}`, 'PATCH', admin, { expectedVersion: 0, onHand: units, reason: 'restock' }, 200);
  await call('/coupons', 'POST', admin, { code: coupon, kind: 'fixed', value: 200, currency: 'USD', usageLimit: couponLimit }, 201);
  const { key } = await call('/publishable-keys', 'POST', admin, { label: `bench-${round}` }, 201);

  // Every shopper's cart is ready before the race starts: the race is the completions.
  const carts = await Promise.all(
    Array.from({ length: shoppers }, async (_, i) => {
      const asGuest = { 'x-publishable-key': key, 'content-type': 'application/json' };
      const created = await call('/carts', 'POST', asGuest, undefined, 201);
      const headers = { ...asGuest, 'x-cart-token': created.cartToken };
      const path = `/carts/${created.id}`;
      await call(`${path}/lines`, 'POST', headers, { sku, quantity: 1 }, 201);
      await call(`${path}/email`, 'PUT', headers, { email: `shopper-${round}-${i}@bench.example` }, 200);
      await call(`${path}/addresses`, 'PUT', headers, { shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '10001', country: 'US' } }, 200);
      await call(`${path}/shipping-method`, 'PUT', headers, { methodCode: 'bench' }, 200);
      const ready = await call(`${path}/coupons`, 'POST', headers, { code: coupon }, 201);
      return { path, headers, version: ready.version as number };
    }),
  );

  const started = Date.now();
  const sentAt = new Map<string, number>();
  await Promise.all(
    carts.map(async (cart) => {
      const t = Date.now();
      const order = await call(`${cart.path}/complete`, 'POST', cart.headers, { expectedVersion: cart.version, paymentMethod: 'manual' }, 201);
      sentAt.set(order.code, t);
    }),
  );
  // Wait until the stream decided every order.
  let orders: any[] = [];
  for (const deadline = Date.now() + 300_000; ; ) {
    orders = await Promise.all(carts.map((cart) => call(`${cart.path}/order`, 'GET', cart.headers, undefined, 200)));
    if (orders.every((o) => o.attributes.status !== 'pending')) break;
    if (Date.now() > deadline) throw new Error('bench checkout: orders still pending after 300 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const held = orders.filter((o) => o.attributes.status === 'confirmed');
  const cancelled: Record<string, number> = {};
  for (const o of orders.filter((o) => o.attributes.status === 'cancelled')) cancelled[o.attributes.cancelReason] = (cancelled[o.attributes.cancelReason] ?? 0) + 1;
  const latencies = held.map((o) => Date.parse(o.updatedAt) - sentAt.get(o.code)!).sort((a, b) => a - b);
  const seconds = (Math.max(...orders.map((o) => Date.parse(o.updatedAt))) - started) / 1000;
  const stock = (await call(`/inventory/${sku}`, 'GET', admin, undefined, 200)).warehouses[0];
  const redeemed = (await call(`/coupons/${coupon}`, 'GET', admin, undefined, 200)).redeemed as number;
  const holdingCoupon = held.filter((o) => o.attributes.checkout.coupons.some((c: { code: string }) => c.code === coupon)).length;
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
  return {
    shoppers,
    completed: orders.length,
    held: held.length,
    cancelled,
    seconds,
    completionsPerSecond: orders.length / seconds,
    p50Ms: at(50),
    p99Ms: at(99),
    redeemed,
    couponLimit,
    units,
    reserved: stock.reserved,
    oversold: held.length > units || stock.available < 0 || stock.reserved !== held.length,
    overRedeemed: redeemed > couponLimit || redeemed !== holdingCoupon,
  };
}

/** One-time shop setup the checkout needs: a zone serving the bench address and a flat method. */
export async function checkoutSetup(call: Call, adminToken: string): Promise<void> {
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  await call('/shipping-zones', 'POST', admin, { code: 'bench-us', name: 'US', countries: ['US'] }, 201);
  await call('/shipping-methods', 'POST', admin, { code: 'bench', name: 'Flat', zoneCode: 'bench-us', rate: { kind: 'flat', amount: 500 } }, 201);
}

/** DynamoDB calls and sequential round trips of one piece of work (DynamoCallCounter). */
export interface Cost {
  calls: number;
  roundTrips: number;
}

export interface CartCosts {
  read: Cost;
  change: Cost;
  completion: Cost;
  journey: Cost;
}

/**
 * What one guest's cart costs, measured with nothing else running: a cart read, a cart change
 * (a line added), the completion, and the whole journey (create, 2 lines, email, address,
 * method, coupon, complete, and the stream until the order holds its stock and its
 * confirmation is mailed: waited for in the mail folder, so the waiting costs no calls).
 */
export async function cartCosts(options: {
  call: Call;
  adminToken: string;
  measure: (work: () => Promise<unknown>) => Promise<Cost>;
  /** Holds the stream once it is quiet; the returned function lets it go on. */
  quiet: () => Promise<() => void>;
  mailFile: (orderCode: string) => string;
}): Promise<CartCosts> {
  const { call, measure } = options;
  const admin = { authorization: `Bearer ${options.adminToken}`, 'content-type': 'application/json' };
  for (const code of ['COST-A', 'COST-B']) {
    await call('/products', 'POST', admin, { code, name: code, sku: code, price: { amount: 1500, currency: 'USD' } }, 201);
    await call(`/inventory/${code}`, 'PATCH', admin, { expectedVersion: 0, onHand: 100, reason: 'restock' }, 200);
  }
  await call('/coupons', 'POST', admin, { code: 'COSTS', kind: 'fixed', value: 200, currency: 'USD', usageLimit: 100 }, 201);
  const { key } = await call('/publishable-keys', 'POST', admin, { label: 'bench-costs' }, 201);
  const asGuest = { 'x-publishable-key': key, 'content-type': 'application/json' };

  const journey = await measure(async () => {
    const created = await call('/carts', 'POST', asGuest, undefined, 201);
    const headers = { ...asGuest, 'x-cart-token': created.cartToken };
    const path = `/carts/${created.id}`;
    await call(`${path}/lines`, 'POST', headers, { sku: 'COST-A', quantity: 1 }, 201);
    await call(`${path}/lines`, 'POST', headers, { sku: 'COST-B', quantity: 1 }, 201);
    await call(`${path}/email`, 'PUT', headers, { email: 'journey@bench.example' }, 200);
    await call(`${path}/addresses`, 'PUT', headers, { shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '10001', country: 'US' } }, 200);
    await call(`${path}/shipping-method`, 'PUT', headers, { methodCode: 'bench' }, 200);
    const ready = await call(`${path}/coupons`, 'POST', headers, { code: 'COSTS' }, 201);
    const order = await call(`${path}/complete`, 'POST', headers, { expectedVersion: ready.version, paymentMethod: 'manual' }, 201);
    for (const deadline = Date.now() + 60_000; !existsSync(options.mailFile(`${order.code}.v2`)); ) {
      if (Date.now() > deadline) throw new Error(`bench cart costs: order ${order.code} not confirmed within 60 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  // Then each step alone, on a second cart of the same shop: the stream (pumped all along) has
  // applied the versions before it and is held while the step runs, so the calls counted are the
  // request's own, not those of a stream handler that happened to run meanwhile.
  const alone = async (work: () => Promise<unknown>) => {
    const resume = await options.quiet();
    try {
      return await measure(work);
    } finally {
      resume();
    }
  };
  const second = await call('/carts', 'POST', asGuest, undefined, 201);
  const secondHeaders = { ...asGuest, 'x-cart-token': second.cartToken };
  await call(`/carts/${second.id}/lines`, 'POST', secondHeaders, { sku: 'COST-A', quantity: 1 }, 201);
  await call(`/carts/${second.id}/coupons`, 'POST', secondHeaders, { code: 'COSTS' }, 201);
  const read = await alone(() => call(`/carts/${second.id}`, 'GET', secondHeaders, undefined, 200));
  const change = await alone(() => call(`/carts/${second.id}/lines`, 'POST', secondHeaders, { sku: 'COST-B', quantity: 1 }, 201));
  await call(`/carts/${second.id}/email`, 'PUT', secondHeaders, { email: 'second@bench.example' }, 200);
  await call(`/carts/${second.id}/addresses`, 'PUT', secondHeaders, { shippingAddress: { name: 'B', line1: '1 St', city: 'C', postalCode: '10001', country: 'US' } }, 200);
  const last = await call(`/carts/${second.id}/shipping-method`, 'PUT', secondHeaders, { methodCode: 'bench' }, 200);
  const completion = await alone(() => call(`/carts/${second.id}/complete`, 'POST', secondHeaders, { expectedVersion: last.version, paymentMethod: 'manual' }, 201));
  return { read, change, completion, journey };
}
