/**
 * The demo shop's catalog, so `npm start` on fresh data shows a real storefront: four categories,
 * ten products (some with size and colour variants, compare-at prices), stock (one variant sold
 * out, one combination that does not exist), a US shipping zone with a flat method. Made through
 * the HTTP API with a development token, after the API is healthy, so it takes the real paths
 * (validation, events, projections). Once: a shop that has products is left as it is. Its codes
 * are not the README walkthrough's (`apparel`, `TEE`, zone `us`): the walkthrough runs as pasted on
 * a fresh `npm start`, beside this catalog.
 */
export const DEMO_CATEGORIES = [
  { code: 'clothing', name: 'Clothing', slug: 'clothing', position: 0 },
  { code: 'tops', name: 'Tops', slug: 'tops', parentCode: 'clothing', position: 0 },
  { code: 'kitchen', name: 'Kitchen', slug: 'kitchen', position: 1 },
  { code: 'outdoors', name: 'Outdoors', slug: 'outdoors', position: 2 },
];

const usd = (amount: number) => ({ amount, currency: 'USD' });
const sizes = (values: string[]) => ({ name: 'size', values });

/** The sold-out variant (no stock) and the combination that does not exist, for the storefront's picker. */
export const DEMO_SOLD_OUT_SKU = 'TEE-WHT-S';

export const DEMO_PRODUCTS = [
  {
    code: 'CREW-TEE',
    name: 'Cotton T-shirt',
    description: 'Soft organic cotton, cut straight.',
    price: usd(1900),
    compareAtPrice: usd(2500),
    categoryCodes: ['tops'],
    options: [sizes(['S', 'M', 'L']), { name: 'colour', values: ['White', 'Black'] }],
    // No Black L: that combination does not exist.
    variants: [
      { sku: 'TEE-WHT-S', options: { size: 'S', colour: 'White' } },
      { sku: 'TEE-WHT-M', options: { size: 'M', colour: 'White' } },
      { sku: 'TEE-WHT-L', options: { size: 'L', colour: 'White' } },
      { sku: 'TEE-BLK-S', options: { size: 'S', colour: 'Black' } },
      { sku: 'TEE-BLK-M', options: { size: 'M', colour: 'Black' } },
    ],
  },
  {
    code: 'HOODIE',
    name: 'Fleece hoodie',
    description: 'Brushed fleece inside, a pocket in front.',
    price: usd(5900),
    compareAtPrice: usd(7500),
    categoryCodes: ['tops'],
    options: [sizes(['S', 'M', 'L'])],
    variants: ['S', 'M', 'L'].map((size) => ({ sku: `HOODIE-${size}`, options: { size } })),
  },
  { code: 'LINEN', name: 'Linen shirt', description: 'Washed linen, for warm days.', price: usd(4900), categoryCodes: ['tops'], options: [sizes(['M', 'L'])], variants: ['M', 'L'].map((size) => ({ sku: `LINEN-${size}`, options: { size } })) },
  { code: 'CAP', name: 'Canvas cap', description: 'Six panels, adjustable strap.', price: usd(2200), categoryCodes: ['clothing'], options: [{ name: 'colour', values: ['Olive', 'Navy'] }], variants: ['Olive', 'Navy'].map((colour) => ({ sku: `CAP-${colour.toUpperCase()}`, options: { colour } })) },
  { code: 'MUG', name: 'Stoneware mug', description: 'Holds 350 ml; dishwasher safe.', price: usd(1400), sku: 'MUG-1', categoryCodes: ['kitchen'] },
  { code: 'TEAPOT', name: 'Cast iron teapot', description: 'Keeps tea warm for an hour.', price: usd(4500), compareAtPrice: usd(5500), sku: 'TEAPOT-1', categoryCodes: ['kitchen'] },
  { code: 'BOARD', name: 'Oak cutting board', description: 'Solid oak, oiled.', price: usd(3600), sku: 'BOARD-1', categoryCodes: ['kitchen'] },
  { code: 'BOTTLE', name: 'Steel water bottle', description: 'Double walled, 750 ml.', price: usd(2400), sku: 'BOTTLE-1', categoryCodes: ['outdoors'] },
  { code: 'LANTERN', name: 'Camping lantern', description: 'Rechargeable, three brightness levels.', price: usd(3200), sku: 'LANTERN-1', categoryCodes: ['outdoors'] },
  { code: 'BLANKET', name: 'Wool picnic blanket', description: 'Waterproof backing, rolls up with a strap.', price: usd(8900), compareAtPrice: usd(9900), sku: 'BLANKET-1', categoryCodes: ['outdoors'] },
];

type Call = (method: string, path: string, body?: object) => Promise<Response>;

function caller(api: string, token: string): Call {
  return (method, path, body) =>
    fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: body && JSON.stringify(body) });
}

async function must(reply: Promise<Response>, what: string): Promise<void> {
  const answer = await reply;
  // 409: made by an earlier, interrupted run (codes are fixed): keep it.
  if (!answer.ok && answer.status !== 409) throw new Error(`demo catalog: ${what}: ${answer.status} ${await answer.text()}`);
}

/** Whether the shop has no product yet (then `npm start` seeds the demo catalog). */
export async function catalogIsEmpty(api: string, token: string): Promise<boolean> {
  const reply = await caller(api, token)('GET', '/products?limit=1');
  if (!reply.ok) throw new Error(`demo catalog: GET /products: ${reply.status}`);
  return ((await reply.json()) as { items: unknown[] }).items.length === 0;
}

/** Creates the demo catalog (each step skipped when it exists); `token` is a tenant-admin's. */
export async function seedDemoCatalog(api: string, token: string): Promise<void> {
  const call = caller(api, token);
  for (const category of DEMO_CATEGORIES) await must(call('POST', '/categories', category), `category ${category.code}`);
  for (const product of DEMO_PRODUCTS) await must(call('POST', '/products', product), `product ${product.code}`);
  await must(call('POST', '/shipping-zones', { code: 'demo-us', name: 'United States', countries: ['US'] }), 'shipping zone demo-us');
  await must(call('POST', '/shipping-methods', { code: 'standard', name: 'Standard (3-5 days)', zoneCode: 'demo-us', rate: { kind: 'flat', amount: 500 } }), 'shipping method');
  // Stock is per SKU and follows the product once the stream has synced it: retried until then.
  const skus = DEMO_PRODUCTS.flatMap((p) => (p.variants ? p.variants.map((v) => v.sku) : [p.sku!])).filter((sku) => sku !== DEMO_SOLD_OUT_SKU);
  for (const sku of skus) {
    for (let attempt = 0; ; attempt++) {
      const reply = await call('PATCH', `/inventory/${sku}`, { expectedVersion: 0, onHand: 25, reason: 'restock' });
      if (reply.ok || reply.status === 409) break;
      if (reply.status !== 404 || attempt >= 120) throw new Error(`demo catalog: stock of ${sku}: ${reply.status} ${await reply.text()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
