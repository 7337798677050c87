import { berlin, customer, expectOk, guest, storefrontShop } from '../support/storefront';
import { TestSystem } from '../support/test-system';

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const office = { ...berlin, name: 'Ada at work', line1: 'Kurfürstendamm 1', postalCode: '10719' };

/** Checkout offers the address book: cart addresses by id, and a new cart starts with the default. Real DynamoDB Local. */
describe('the address book at checkout', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(() => system.stop());

  it("a customer's new cart starts with their default addresses; PUT /carts/:id/addresses takes book ids; the order ships there", async () => {
    const { shop } = await storefrontShop(system, 'abc-book');
    const me = customer(system, shop.customer('ada', 'ada@example.com'));
    const home = (await expectOk(me('POST', '/me/addresses', { expectedVersion: 0, ...berlin }))).body.items[0].id as string;
    const book = await expectOk(me('POST', '/me/addresses', { expectedVersion: 1, ...office, defaultBilling: true }));
    const work = book.body.items[1].id as string;

    const cart = await expectOk(me('POST', '/carts'), [201]);
    expect(cart.body).toMatchObject({ shippingAddress: berlin, billingAddress: office });
    const id = cart.body.id as string;
    await expectOk(me('POST', `/carts/${id}/lines`, { sku: 'TEE-M', quantity: 1 }));

    const moved = await expectOk(me('PUT', `/carts/${id}/addresses`, { shippingAddressId: work, billingAddressId: home }));
    expect(moved.body).toMatchObject({ shippingAddress: office, billingAddress: berlin });
    const mixed = await expectOk(me('PUT', `/carts/${id}/addresses`, { shippingAddressId: home, billingAddress: office }));
    expect(mixed.body).toMatchObject({ shippingAddress: berlin, billingAddress: office });

    const priced = await expectOk(me('PUT', `/carts/${id}/shipping-method`, { methodCode: 'standard' }));
    const order = await expectOk(me('POST', `/carts/${id}/complete`, { expectedVersion: priced.body.version, paymentMethod: 'cash_on_delivery' }), [201]);
    expect(order.body.attributes.shippingAddress).toEqual(berlin);
    expect(order.body.attributes.checkout.billingAddress).toEqual(office);
  });

  it('an unknown id, an address given both ways, or an id from a guest is a 400 naming the field, and the cart stays as it was', async () => {
    const { shop, key } = await storefrontShop(system, 'abc-bad');
    const me = customer(system, shop.customer('bob', 'bob@example.com'));
    // No address book: the new cart starts without an address.
    const cart = await expectOk(me('POST', '/carts'), [201]);
    expect(cart.body.shippingAddress).toBeUndefined();
    const id = cart.body.id as string;
    const home = (await expectOk(me('POST', '/me/addresses', { expectedVersion: 0, ...berlin }))).body.items[0].id as string;

    const unknown = await me('PUT', `/carts/${id}/addresses`, { shippingAddressId: 'no-such-address', billingAddressId: 'nor-this' });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(['billingAddressId', 'shippingAddressId']);
    const both = await me('PUT', `/carts/${id}/addresses`, { shippingAddressId: home, shippingAddress: berlin });
    expect(fieldsOf(both.body)).toEqual(['shippingAddressId']);
    const neither = await me('PUT', `/carts/${id}/addresses`, {});
    expect(fieldsOf(neither.body)).toEqual(['shippingAddress']);
    expect((await expectOk(me('GET', `/carts/${id}`))).body).toMatchObject({ version: cart.body.version });

    // Another customer's address id is not in this customer's book.
    const other = customer(system, shop.customer('eve', 'eve@example.com'));
    const eves = await expectOk(other('POST', '/carts'), [201]);
    expect(fieldsOf((await other('PUT', `/carts/${eves.body.id}/addresses`, { shippingAddressId: home })).body)).toEqual(['shippingAddressId']);

    const created = await expectOk(guest(system, key)('POST', '/carts'));
    const asGuest = guest(system, key, created.body.cartToken);
    const fromGuest = await asGuest('PUT', `/carts/${created.body.id}/addresses`, { shippingAddressId: home });
    expect(fromGuest.status).toBe(400);
    expect(fieldsOf(fromGuest.body)).toEqual(['shippingAddressId']);
  });
});
