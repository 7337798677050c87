import { createHash } from 'node:crypto';

/** Entity type of a review; one per customer and product. */
export const REVIEW_ENTITY = 'REVIEW';

export interface ReviewAttributes {
  productCode: string;
  customerId: string;
  /** 1 to 5. */
  rating: number;
  title: string;
  body: string;
  /** Hidden by an admin: shoppers neither see it nor count it. */
  hidden: boolean;
}

/** The one review a customer may write of a product: its code follows from both. */
export function reviewCode(productCode: string, customerId: string): string {
  return `R-${createHash('sha256').update(`${productCode}\u0000${customerId}`).digest('hex').slice(0, 32)}`;
}

export interface ReviewSummary {
  average: number | null;
  count: number;
  /** Reviews per rating, "1" to "5". */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}
