import { FieldProblem, ValidationFailedError } from '../../core/errors';
import { userKeyPart } from '../../core/keys';
import { RateCount } from '../../core/rate-limits';
import { hasRole, isStaff, TenantContext } from '../../core/tenant-context';
import { guestActionCounts, guestOrderCount, TenantLimits } from '../tenant';

const HOUR_SECONDS = 3600;

/** One reservation transaction holds every line of an order (up to three writes each; DynamoDB allows 100). */
export const MAX_ORDER_LINES = 25;

/** A line as the limits see it: its units, and the request field that names it. */
export interface LimitedLine {
  quantity: number;
  field: string;
}

/** Which request fields name the whole order's units and its number of lines. */
export interface OrderFields {
  units: string;
  lines: string;
}

/**
 * The one check of a shop's order limits (`maxLineQuantity`, `maxOrderUnits`, at most
 * MAX_ORDER_LINES lines), for every path that makes an order: `POST /orders`, a cart line added
 * or changed, and again at checkout (the limits may have been lowered since the line was added).
 * Each path names the fields as its own request does; the problems name the limit.
 */
export function orderLimitProblems(limits: Pick<TenantLimits, 'maxLineQuantity' | 'maxOrderUnits'>, lines: readonly LimitedLine[], fields: OrderFields): FieldProblem[] {
  const problems: FieldProblem[] = lines
    .filter((line) => line.quantity > limits.maxLineQuantity)
    .map((line) => ({ field: line.field, problem: `the line holds ${line.quantity} units; at most ${limits.maxLineQuantity} (maxLineQuantity)` }));
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  if (units > limits.maxOrderUnits) problems.push({ field: fields.units, problem: `the order holds ${units} units; at most ${limits.maxOrderUnits} per order (maxOrderUnits)` });
  if (lines.length > MAX_ORDER_LINES) problems.push({ field: fields.lines, problem: `the order has ${lines.length} lines; at most ${MAX_ORDER_LINES} per order` });
  return problems;
}

/** orderLimitProblems, refused with 400 naming each field (nothing is written before this passes). */
export function assertOrderLimits(...args: Parameters<typeof orderLimitProblems>): void {
  const problems = orderLimitProblems(...args);
  if (problems.length) throw new ValidationFailedError(problems);
}

/** Orders placed and cancels made by one customer share one hourly counter. */
export function customerActionsBucket(ctx: TenantContext): string {
  return `orders.${userKeyPart(ctx.userId)}`;
}

/** One action of a customer (an order placed, a cancel), counted against `customerActionsPerHour`. */
export function customerActionCount(ctx: TenantContext, limits: Pick<TenantLimits, 'customerActionsPerHour'>): RateCount {
  return { bucket: customerActionsBucket(ctx), rule: { name: 'customerActionsPerHour', limit: limits.customerActionsPerHour, windowSeconds: HOUR_SECONDS } };
}

/**
 * What placing an order counts against, on every path: a customer's hourly actions; a guest's
 * orders per normalized email (as a customer's), their client's and their key's completions.
 * A tenant admin counts nothing.
 */
export function placementCounts(ctx: TenantContext, limits: TenantLimits, guestEmail?: string): RateCount[] {
  if (isStaff(ctx)) return [];
  if (!hasRole(ctx, 'guest')) return [customerActionCount(ctx, limits)];
  return [...(guestEmail ? [guestOrderCount(guestEmail, limits)] : []), ...guestActionCounts(ctx, limits, 'checkouts')];
}
