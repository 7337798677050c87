import { CommandItem } from '../../core/entity';
import { Projection, Projects } from '../../read-model/projections';
import { TenantScope } from '../../read-model/read-model';
import { CUSTOMER_ENTITY } from './customer.keys';
import { CustomerAttributes } from './customer.model';

/** Orders that count towards a customer's lifetime value: past confirmation, not cancelled (as the sales report counts them). */
const NOT_SALES = ['pending', 'awaiting_payment', 'cancelled'];

/** A profile's newest version into its listing row (the order facts stay as they are). */
export async function projectCustomer(scope: TenantScope, command: CommandItem): Promise<void> {
  const customer = command.attributes as unknown as CustomerAttributes;
  await scope.inEveryGeneration(async () => {
    await scope.query(
      `INSERT INTO customer_listing (tenant, code, customer_id, profile_version, name, email, status, marketing_consent, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant, code) DO UPDATE SET profile_version = excluded.profile_version, name = excluded.name,
         email = coalesce(excluded.email, customer_listing.email), status = excluded.status, marketing_consent = excluded.marketing_consent,
         created_at = least(customer_listing.created_at, excluded.created_at)
       WHERE customer_listing.profile_version < excluded.profile_version`,
      [scope.tenant, command.code, customer.customerId, command.version, customer.name ?? null, customer.email ?? null, customer.status,
        customer.marketingConsent?.granted ?? false, command.createdAt ?? command.issuedAt],
    );
  });
}

/**
 * A customer's order facts, recomputed from their `purchase` rows (those rows keep their own
 * versions, so the result is the same in any order of records, any number of times). A customer
 * known only from orders gets a row with no profile (`profile_version` 0) and their order's email.
 * Called by the ORDER projection (review/) inside its generation write.
 */
export async function refreshCustomerFacts(scope: TenantScope, customer: { part: string; id: string; email?: string }): Promise<void> {
  await scope.query(
    `WITH mine AS (SELECT * FROM purchase WHERE tenant = $1 AND customer_part = $2),
          value AS (SELECT currency, sum(total) AS amount FROM mine WHERE NOT (status = ANY($5::text[])) AND currency IS NOT NULL GROUP BY currency),
          newest AS (SELECT order_code, placed_at FROM mine ORDER BY placed_at DESC NULLS LAST, order_code DESC LIMIT 1)
     INSERT INTO customer_listing (tenant, code, customer_id, email, created_at, orders, lifetime_value, lifetime_total, last_order_code, last_order_at)
     SELECT $1, $2, $3, $4, coalesce((SELECT min(placed_at) FROM mine), now()), (SELECT count(*) FROM mine),
            coalesce((SELECT jsonb_object_agg(currency, amount) FROM value), '{}'::jsonb), coalesce((SELECT sum(amount) FROM value), 0),
            (SELECT order_code FROM newest), (SELECT placed_at FROM newest)
     ON CONFLICT (tenant, code) DO UPDATE SET orders = excluded.orders, lifetime_value = excluded.lifetime_value,
       lifetime_total = excluded.lifetime_total, last_order_code = excluded.last_order_code, last_order_at = excluded.last_order_at,
       email = coalesce(customer_listing.email, excluded.email), created_at = least(customer_listing.created_at, excluded.created_at)`,
    [scope.tenant, customer.part, customer.id, customer.email ?? null, NOT_SALES],
  );
}

@Projects(CUSTOMER_ENTITY)
export class CustomerProjection implements Projection {
  readonly project = projectCustomer;
}
