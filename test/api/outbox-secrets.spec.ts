import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { tenantPk } from '../../src/core/keys';
import { latestCode, withCognitoAndSystem } from '../support/cognito';
import { mailsOf } from '../support/shop';
import { expectOk, readyGuestCart, storefrontShop } from '../support/storefront';

const PASSWORD = 'Correct-horse-9!';

/**
 * The outbox (GET /notifications, read by staff with customers.read) never shows what only a
 * mail's recipient may see: a sign-in code would let support reset a customer's or the owner's
 * password, a guest's order token would let them act as the guest. The mail itself carries it;
 * the stored message forgets it once sent. Real Cognito emulator, DynamoDB Local, stream handlers.
 */
describe("the outbox keeps the recipient's secrets from the outbox's readers", () => {
  const stack = withCognitoAndSystem();
  const outbox = async (token: string) => (await expectOk(stack.system.request('GET', '/notifications?limit=100', { token }))).body.items as { messageId: string; topic: string; subject: string; body: string }[];
  const stored = async (tenant: string) =>
    (await dynamo().send(new QueryCommand({ TableName: config().tables.data, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)', ExpressionAttributeValues: { ':pk': tenantPk({ tenantCode: tenant }), ':outbox': 'OUTBOX#' } }))).Items ?? [];

  it("hides the password reset code from support and the guest's order token from staff; the mails carry them", async () => {
    const { shop, key } = await storefrontShop(stack.system, 'secret-mail');
    const post = (path: string, body: Record<string, unknown>) => stack.system.request('POST', path, { body });
    expect((await post('/auth/sign-up', { tenant: 'secret-mail', email: 'cy@example.com', password: PASSWORD })).status).toBe(202);
    expect((await post('/auth/verify-email', { tenant: 'secret-mail', email: 'cy@example.com', code: latestCode('secret-mail', 'cy@example.com') })).status).toBe(204);
    expect((await post('/auth/forgot-password', { tenant: 'secret-mail', email: 'cy@example.com' })).status).toBeLessThan(300);
    await stack.system.sync();
    const resetCode = latestCode('secret-mail', 'cy@example.com');

    const cart = await readyGuestCart(stack.system, key, [{ sku: 'BOOK-1', quantity: 1 }], { email: 'guest@example.com' });
    const placed = await expectOk(cart.call('POST', `/carts/${cart.id}/complete`, { expectedVersion: cart.version, paymentMethod: 'manual' }));
    await stack.system.sync();
    const guestMail = [...mailsOf('secret-mail').entries()].find(([id]) => id.startsWith(`${placed.body.code}.`))![1];
    const orderToken = /#token=([A-Za-z0-9_-]+)/.exec(guestMail)![1];

    const read = await outbox(shop.as('support', 'sam'));
    const reset = read.find((m) => m.topic === 'identity.reset-password')!;
    expect(reset.subject).not.toContain(resetCode);
    expect(reset.body).not.toContain(resetCode);
    expect(reset.body).toContain('[hidden: only the recipient sees it]');
    const guestOrder = read.find((m) => m.messageId.startsWith(`${placed.body.code}.`) && m.body.includes('Follow your order'))!;
    expect(guestOrder.body).not.toContain(orderToken);
    expect(guestOrder.body).toContain(`#token=[hidden`);
    // Nor do the stored messages keep them once sent.
    const items = await stored('secret-mail');
    expect(items.length).toBeGreaterThan(2);
    for (const item of items) {
      expect(item.secrets).toBeUndefined();
      expect(JSON.stringify(item)).not.toContain(resetCode);
      expect(JSON.stringify(item)).not.toContain(orderToken);
    }
    // The code still works for its recipient.
    expect((await post('/auth/reset-password', { tenant: 'secret-mail', email: 'cy@example.com', code: resetCode, newPassword: 'Another-horse-9!' })).status).toBe(204);
  });
});
