import { CommandItem } from '../../core/entity';
import { Projection, Projects } from '../../read-model/projections';
import { TenantScope } from '../../read-model/read-model';
import { CartAttributes } from '../cart';
import { refreshCustomerFacts } from '../customer';
import { userKeyPart } from '../../core/keys';
import { OrderAttributes } from '../order';
import { PAYMENT_ENTITY, PaymentAttributes, paymentAmounts } from '../payment';
import { REVIEW_ENTITY, ReviewAttributes } from './review.model';

/** An order's newest version: who bought which products, and how far the order got. */
export async function projectOrder(scope: TenantScope, command: CommandItem): Promise<void> {
  const order = command.attributes as unknown as OrderAttributes;
  const products = [...new Set((order.items ?? []).map((line) => line.productCode))];
  const amount = (money?: { amount: number }) => money?.amount ?? 0;
  const lines = (order.items ?? []).map((line, i) => ({
    line: i,
    productCode: line.productCode,
    sku: line.sku,
    name: line.name,
    quantity: line.quantity,
    // What the line brought in: its total after discounts when the checkout priced it, else price x quantity.
    revenue: amount(line.total ?? line.lineTotal),
  }));
  // The order's customer: who placed it, or who claimed a guest's (order.model's orderCustomerOf,
  // not imported: see the declarations below); a guest's unclaimed order has none. The `customer`
  // column follows the claim too: it is who may review what the order held.
  const owner = order.guest ? order.claimedBy : order.customerId;
  const customerPart = owner ? userKeyPart(owner) : null;
  await scope.inEveryGeneration(async () => {
    const applied = await scope.query(
      `INSERT INTO purchase (tenant, order_code, version, customer, status, product_codes, placed_at, currency, subtotal, discount, tax, shipping, total, customer_email, updated_at, customer_part)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (tenant, order_code) DO UPDATE SET version = excluded.version, customer = excluded.customer, customer_part = excluded.customer_part,
         status = excluded.status, product_codes = excluded.product_codes, placed_at = excluded.placed_at, currency = excluded.currency,
         subtotal = excluded.subtotal, discount = excluded.discount, tax = excluded.tax, shipping = excluded.shipping, total = excluded.total,
         customer_email = excluded.customer_email, updated_at = excluded.updated_at
       WHERE purchase.version < excluded.version
       RETURNING order_code`,
      [scope.tenant, command.code, command.version, owner ?? order.customerId, order.status, products, order.placedAt ?? command.createdAt ?? command.issuedAt,
        order.currency, amount(order.subtotal), amount(order.discount), amount(order.tax), amount(order.shipping), amount(order.total),
        order.customerEmail ?? null, command.issuedAt, customerPart],
    );
    if (!applied.length) return;
    if (owner && customerPart) await refreshCustomerFacts(scope, { part: customerPart, id: owner, email: order.customerEmail });
    await scope.query('DELETE FROM purchase_line WHERE tenant = $1 AND order_code = $2', [scope.tenant, command.code]);
    await scope.query(
      `INSERT INTO purchase_line (tenant, order_code, line, product_code, sku, name, quantity, revenue)
       SELECT $1, $2, l.line, l."productCode", l.sku, l.name, l.quantity, l.revenue
       FROM jsonb_to_recordset($3::jsonb) AS l(line integer, "productCode" text, sku text, name text, quantity integer, revenue bigint)`,
      [scope.tenant, command.code, JSON.stringify(lines)],
    );
  });
}

export async function projectReview(scope: TenantScope, command: CommandItem): Promise<void> {
  const review = command.attributes as unknown as ReviewAttributes;
  await scope.inEveryGeneration(async () => {
    await scope.query(
      `INSERT INTO review (tenant, code, version, product_code, customer, rating, title, body, hidden, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (tenant, code) DO UPDATE SET version = excluded.version, rating = excluded.rating, title = excluded.title,
         body = excluded.body, hidden = excluded.hidden
       WHERE review.version < excluded.version`,
      [scope.tenant, command.code, command.version, review.productCode, review.customerId, review.rating, review.title, review.body, review.hidden, command.createdAt ?? command.issuedAt],
    );
  });
}

/** What a payment has refunded so far (its ledger), for the sales report, and its state, for the staff's order list. */
export async function projectPayment(scope: TenantScope, command: CommandItem): Promise<void> {
  const payment = command.attributes as unknown as PaymentAttributes;
  await scope.inEveryGeneration(async () => {
    await scope.query(
      `INSERT INTO payment_refund (tenant, code, version, order_code, refunded, currency, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant, code) DO UPDATE SET version = excluded.version, refunded = excluded.refunded, currency = excluded.currency,
         state = excluded.state, created_at = excluded.created_at
       WHERE payment_refund.version < excluded.version`,
      [scope.tenant, command.code, command.version, payment.orderCode, paymentAmounts(payment).refunded, payment.amount.currency, payment.state, command.createdAt ?? command.issuedAt],
    );
  });
}

/** A cart's newest status and value, for the abandoned-carts report. */
export async function projectCart(scope: TenantScope, command: CommandItem): Promise<void> {
  const cart = command.attributes as unknown as CartAttributes;
  await scope.inEveryGeneration(async () => {
    await scope.query(
      `INSERT INTO cart_state (tenant, cart_id, version, status, total, currency, lines, last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant, cart_id) DO UPDATE SET version = excluded.version, status = excluded.status, total = excluded.total,
         currency = excluded.currency, lines = excluded.lines, last_activity_at = excluded.last_activity_at
       WHERE cart_state.version < excluded.version`,
      [scope.tenant, command.code, command.version, cart.status, cart.totals?.total?.amount ?? 0, cart.totals?.total?.currency ?? '', cart.lines?.length ?? 0, cart.lastActivityAt ?? command.issuedAt],
    );
  });
}

// The read model's declarations (read-model/projections.ts). ORDER and CART as written, not
// from order's and cart's index.ts: the read-model Lambda would load those contexts' services.
@Projects('ORDER')
export class PurchaseProjection implements Projection {
  readonly project = projectOrder;
}

@Projects(REVIEW_ENTITY)
export class ReviewProjection implements Projection {
  readonly project = projectReview;
}

@Projects(PAYMENT_ENTITY)
export class PaymentRefundProjection implements Projection {
  readonly project = projectPayment;
}

@Projects('CART')
export class CartStateProjection implements Projection {
  readonly project = projectCart;
}
