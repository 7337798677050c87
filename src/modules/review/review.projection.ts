import { CommandItem } from '../../core/entity';
import { TenantScope } from '../../read-model/read-model';
import { OrderAttributes } from '../order/order.model';
import { ReviewAttributes } from './review.model';

/** An order's newest version: who bought which products, and how far the order got. */
export async function projectOrder(scope: TenantScope, command: CommandItem): Promise<void> {
  const order = command.attributes as unknown as OrderAttributes;
  const products = [...new Set((order.items ?? []).map((line) => line.productCode))];
  await scope.inEveryGeneration(async () => {
    await scope.query(
      `INSERT INTO purchase (tenant, order_code, version, customer, status, product_codes) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant, order_code) DO UPDATE SET version = excluded.version, customer = excluded.customer,
         status = excluded.status, product_codes = excluded.product_codes
       WHERE purchase.version < excluded.version`,
      [scope.tenant, command.code, command.version, order.customerId, order.status, products],
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
