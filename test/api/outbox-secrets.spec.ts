import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../src/config';
import { dynamo } from '../../src/core/dynamo';
import { tenantPk } from '../../src/core/keys';
import { outboxKey } from '../../src/modules/notification/notification.keys';
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

  it('hides the secrets of messages stored before mails named them: an order link token, an identity mail code', async () => {
    const { shop } = await storefrontShop(stack.system, 'old-mail');
    // As an earlier version stored them, sent: the words hold the secret, nothing names it.
    const legacy = [
      { messageId: 'ORD-000042.v1', topic: 'order.confirmed', subject: 'Order ORD-000042 confirmed', body: 'Total: 10.00 EUR\n\nFollow your order: http://store/orders/ORD-000042#token=Abc-def_123456789012' },
      { messageId: 'identity.invitation.ann', topic: 'identity.invitation', subject: 'You are invited to join old-mail', body: 'Accept with this code and a password of your choice: 493817\nIt is valid for 3 days.' },
      { messageId: 'identity.reset.bob', topic: 'identity.reset-password', subject: 'Your password reset code for old-mail: 204961', body: 'Your code to choose a new password at old-mail is 204961.' },
    ];
    for (const message of legacy) {
      await dynamo().send(new PutCommand({ TableName: config().tables.data, Item: { pk: tenantPk({ tenantCode: 'old-mail' }), sk: outboxKey(message.messageId), ...message, to: 'x@example.com', status: 'sent', createdAt: '2026-12-01T10:00:00.000Z' } }));
    }
    const read = await outbox(shop.as('support', 'sam'));
    const shown = (id: string) => read.find((m) => m.messageId === id)!;
    expect(shown('ORD-000042.v1').body).toContain('#token=[hidden: only the recipient sees it]');
    expect(shown('ORD-000042.v1').body).not.toContain('Abc-def_123456789012');
    expect(shown('ORD-000042.v1').body).toContain('Total: 10.00 EUR');
    expect(shown('identity.invitation.ann').body).not.toContain('493817');
    expect(shown('identity.reset.bob').subject).toBe('Your password reset code for old-mail: [hidden: only the recipient sees it]');
    expect(shown('identity.reset.bob').body).not.toContain('204961');
  });
});
