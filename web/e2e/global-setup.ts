/**
 * The web suite's own local stack, as `npm start` runs it (scripts/start.ts, on free ports with an
 * in-memory DynamoDB Local; the admin app is built by `npm run test:web` beforehand), and a shop
 * seeded through the API: 23 products (two pages), stock, three orders, one of them processing.
 *
 * People: scripts/start.ts runs the Cognito emulator and creates the demo owner and customer
 * (scripts/lib/demo-users.ts), exactly as `npm start` does; their sign-ins are read from the
 * stack's state file (`DATA_DIR/stack.json`, `demoUsers`) for the sign-in journeys (auth.spec.ts),
 * and the mailed codes from the captured mail (`DATA_DIR/mail`). Seeding and the journeys that
 * are not about signing in use a development token (`npm run token`): each real sign-in counts
 * against the per-address limit (signInsPerAddressPerHour, 10), which a suite signing in for
 * every journey would hit.
 */
import { join } from 'node:path';
import { eventually, startLocalStack } from '../../scripts/lib/local-stack';
import { readStackState } from '../../scripts/lib/stack-state';

export const SHOP = 'demo';
export const PRODUCT_COUNT = 23;

export default async function globalSetup(): Promise<() => Promise<void>> {
  // No demo catalog: this suite seeds the shop it counts on (below; store.spec.ts adds the demo catalog itself).
  const { ports, env, dataDir, api, token: mint, stop } = await startLocalStack({ DEMO_CATALOG: 'false' });
  // The orders journeys mint their own staff tokens and pay at the test PSP against this stack (scripts/token.ts, scripts/pay.ts).
  process.env.WEB_DATA_DIR = dataDir;
  try {
    const token = (role: string, ...extra: string[]) => mint(SHOP, role, ...extra);
    const admin = token('tenant-admin', '--user', 'web-admin', '--email', 'admin@web.example');
    const buyer = token('customer', '--user', 'web-buyer', '--email', 'buyer@web.example');
    const call = async (who: string, method: string, path: string, body?: object) => {
      const reply = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) });
      if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
      return reply.json() as Promise<{ code: string; version: number; attributes: { status: string } }>;
    };

    for (let i = 1; i <= PRODUCT_COUNT; i++) {
      const n = String(i).padStart(2, '0');
      await call(admin, 'POST', '/products', { code: `WEB-${n}`, name: `Web product ${n}`, sku: `WEB-SKU-${n}`, price: { amount: 1000 + i * 99, currency: 'USD' }, active: i !== PRODUCT_COUNT });
    }
    // Stock follows the product once the stream synced it.
    for (const code of ['WEB-01', 'WEB-02']) {
      await eventually(`product ${code}`, async () => ((await fetch(`${api}/products/${code}`, { headers: { authorization: `Bearer ${admin}` } })).ok ? true : undefined));
      await call(admin, 'PATCH', `/inventory/${code}`, { expectedVersion: 0, onHand: 50, reason: 'restock' });
    }
    const address = { name: 'Ada Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US', region: 'CA' };
    const orders: string[] = [];
    for (const items of [[{ productCode: 'WEB-01', quantity: 2 }], [{ productCode: 'WEB-02', quantity: 1 }], [{ productCode: 'WEB-01', quantity: 1 }, { productCode: 'WEB-02', quantity: 3 }]]) {
      orders.push((await call(buyer, 'POST', '/orders', { items, shippingAddress: address, paymentMethod: 'card' })).code);
    }
    for (const code of orders) {
      await eventually(`order ${code} confirmed`, async () => ((await call(admin, 'GET', `/orders/${code}`)).attributes.status === 'confirmed' ? true : undefined));
    }
    // The list reads the data table the stream fills: wait until it holds every product.
    await eventually('the product list', async () => {
      const reply = await fetch(`${api}/products?limit=100`, { headers: { authorization: `Bearer ${admin}` } });
      return ((await reply.json()) as { items: unknown[] }).items.length === PRODUCT_COUNT ? true : undefined;
    });
    const processing = await call(admin, 'PATCH', `/orders/${orders[2]}/status`, { expectedVersion: 2, status: 'processing' });
    if (processing.attributes.status !== 'processing') throw new Error(`order ${orders[2]} is ${processing.attributes.status}`);

    const { demoUsers } = readStackState(dataDir)!;
    Object.assign(process.env, { WEB_DEMO_USERS: JSON.stringify(demoUsers), WEB_MAIL_DIR: env.MAIL_DIR || join(dataDir, 'mail'), WEB_ADMIN: `http://127.0.0.1:${ports.admin}`, WEB_STORE: `http://127.0.0.1:${ports.store}`, WEB_API: api, WEB_ADMIN_TOKEN: admin, WEB_SUPPORT_TOKEN: token('support', '--user', 'web-support', '--email', 'support@web.example'), WEB_ORDERS: JSON.stringify(orders) });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
