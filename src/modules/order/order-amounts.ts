import { spreadProRata } from '../pricing';
import { OrderAttributes, OrderUnits } from './order.model';

/**
 * Which part of the order's total belongs to which units, so shipments capture and returns
 * refund exact shares that add up to the total: each SKU's amount (its lines' totals after
 * discounts and tax) is split over its units by running totals, the last unit taking the
 * rounding; shipping goes with the first shipment.
 */
export class OrderAmounts {
  private readonly perSku = new Map<string, { quantity: number; amount: number }>();
  readonly shipping: number;

  constructor(private readonly order: Pick<OrderAttributes, 'items' | 'total'>) {
    const lines = order.items;
    // Checkout orders carry each line's total; older orders spread their total by line value.
    const amounts = lines.every((l) => l.total) ? lines.map((l) => l.total!.amount) : spreadProRata(order.total.amount, lines.map((l) => l.lineTotal.amount));
    lines.forEach((line, i) => {
      const seen = this.perSku.get(line.sku) ?? { quantity: 0, amount: 0 };
      this.perSku.set(line.sku, { quantity: seen.quantity + line.quantity, amount: seen.amount + amounts[i] });
    });
    this.shipping = order.total.amount - amounts.reduce((sum, a) => sum + a, 0);
  }

  /** The SKUs of the order with their ordered quantities. */
  ordered(): OrderUnits[] {
    return [...this.perSku].map(([sku, { quantity }]) => ({ sku, quantity }));
  }

  quantityOf(sku: string): number {
    return this.perSku.get(sku)?.quantity ?? 0;
  }

  /** The amount of `units` more units of each SKU, after `before` units of it were counted already. */
  unitsAmount(units: readonly OrderUnits[], before: ReadonlyMap<string, number>): number {
    return units.reduce((sum, { sku, quantity }) => {
      const done = before.get(sku) ?? 0;
      return sum + this.upTo(sku, done + quantity) - this.upTo(sku, done);
    }, 0);
  }

  /** The share of the SKU's amount that its first `units` units carry. */
  private upTo(sku: string, units: number): number {
    const line = this.perSku.get(sku);
    if (!line || units <= 0) return 0;
    return units >= line.quantity ? line.amount : Math.floor((line.amount * units) / line.quantity);
  }
}

/** Units per SKU over several lists (shipments so far, returns so far). */
export function unitsBySku(lists: readonly (readonly OrderUnits[])[]): Map<string, number> {
  const counted = new Map<string, number>();
  for (const list of lists) for (const { sku, quantity } of list) counted.set(sku, (counted.get(sku) ?? 0) + quantity);
  return counted;
}
