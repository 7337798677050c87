import { keysetPage, queryDigest, readKeysetCursor } from '../../read-model/keyset-page';
import { SqlParams } from '../../read-model/sql-params';
import { TenantScope } from '../../read-model/read-model';

/** A review's state for moderation: published (shoppers see and count it) or hidden by staff. */
export const REVIEW_STATUSES = ['published', 'hidden'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface ReviewListRequest {
  status?: ReviewStatus;
  productCode?: string;
  rating?: number;
  limit: number;
  cursor?: string;
}

export interface ReviewListItem {
  code: string;
  version: number;
  productCode: string;
  /** The product's name as the read model has it; absent when the product is gone. */
  productName?: string;
  customerId: string;
  /** The author's profile name and email, when the shop knows them (the read model's customers). */
  authorName?: string;
  authorEmail?: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  createdAt: string;
}

interface Row {
  code: string;
  key: string;
  version: number;
  product_code: string;
  product_name: string | null;
  customer: string;
  author_name: string | null;
  author_email: string | null;
  rating: number;
  title: string;
  body: string;
  hidden: boolean;
  created_at: Date | string;
}

/**
 * The staff's review list, newest first, from the read model (it lags the writes by the feed's
 * delay): one statement walking `review_created` (or `review_product` with a product), the
 * status and rating checked per row, `LIMIT limit + 1`, keyset cursor bound to the filters.
 */
export async function reviewListPage(scope: TenantScope, request: ReviewListRequest): Promise<{ items: ReviewListItem[]; cursor?: string }> {
  const digest = queryDigest(scope.tenant, request);
  const after = request.cursor !== undefined ? readKeysetCursor(request.cursor, digest) : undefined;
  const params = new SqlParams(scope.tenant);
  const where: string[] = [];
  if (request.productCode !== undefined) where.push(`r.product_code = ${params.add(request.productCode)}`);
  if (request.status !== undefined) where.push(request.status === 'hidden' ? 'r.hidden' : 'NOT r.hidden');
  if (request.rating !== undefined) where.push(`r.rating = ${params.add(request.rating)}`);
  if (after) where.push(`(r.created_at, r.code) < (${params.add(after.key)}::timestamptz, ${params.add(after.code)})`);
  const rows = await scope.query<Row>(
    `SELECT r.code, r.created_at::text AS key, r.version, r.product_code, p.name AS product_name, r.customer,
            a.name AS author_name, a.email AS author_email, r.rating, r.title, r.body, r.hidden, r.created_at
     FROM review r
     LEFT JOIN product p ON p.tenant = r.tenant AND p.code = r.product_code
     LEFT JOIN LATERAL (SELECT name, email FROM customer_listing c WHERE c.tenant = r.tenant AND c.customer_id = r.customer LIMIT 1) a ON true
     WHERE r.tenant = $1 ${where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY r.created_at DESC, r.code DESC
     LIMIT ${params.add(request.limit + 1)}`,
    params.values,
  );
  const page = keysetPage(rows, request.limit, digest);
  return { items: page.rows.map(listItem), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

function listItem(r: Row): ReviewListItem {
  return {
    code: r.code,
    version: r.version,
    productCode: r.product_code,
    ...(r.product_name !== null ? { productName: r.product_name } : {}),
    customerId: r.customer,
    ...(r.author_name !== null ? { authorName: r.author_name } : {}),
    ...(r.author_email !== null ? { authorEmail: r.author_email } : {}),
    rating: r.rating,
    title: r.title,
    body: r.body,
    status: r.hidden ? 'hidden' : 'published',
    createdAt: new Date(r.created_at).toISOString(),
  };
}
