import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';
import { ERROR_REASON_MEANINGS, ERROR_REASONS, ErrorReason } from '../core/error-reasons';
import { MoneyDto } from './money.dto';

/** One refused field of a 400: the field's path (`items.0.quantity`) and what is wrong with it. */
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemResponse {
  @ApiProperty({ type: String, example: 'items.0.quantity' })
  field!: string;

  @ApiProperty({ type: String, example: 'must not be greater than 100' })
  problem!: string;
}

/** A line of an order whose catalog price is not the `expectedUnitPrice` the customer sent. */
@ApiSchema({ name: 'PriceChange' })
export class PriceChangeResponse {
  @ApiProperty({ type: String, example: 'PRD-001' })
  productCode!: string;

  @ApiProperty({ type: MoneyDto, description: 'the price the customer sent' })
  expected!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'the price the order would be placed with' })
  current!: MoneyDto;
}

/** A coupon a cart can no longer use at completion. */
@ApiSchema({ name: 'CouponRefusal' })
export class CouponRefusalResponse {
  @ApiProperty({ type: String, example: 'WELCOME10' })
  code!: string;

  @ApiProperty({ example: 'exhausted', enum: ['unknown', 'inactive', 'not_yet_valid', 'expired', 'minimum_not_met', 'exhausted', 'already_used', 'exclusive_conflict', 'currency'] })
  reason!: string;

  @ApiProperty({ type: String })
  message!: string;
}

/**
 * The one body of every error (src/http/error.filter.ts): `statusCode`, `error`, `message`, and
 * the details of the error spread in (which ones depends on the error; more may be added).
 */
@ApiSchema({
  name: 'ErrorResponse',
  description:
    'Every error has this shape. Besides statusCode, error and message, an error may carry details, each declared here with the ' +
    'statuses and routes that send it (fields for 400; currentVersion/expectedVersion/updatedBy/updatedAt, status, reason, limit/skus, prices, refundable, jobId, domain for 409; ' +
    'limit/retryAfterSeconds for 429; reason for 502). Other properties may be added later: clients must ignore the ones they do not know.',
})
export class ErrorResponse {
  @ApiProperty({ type: 'integer', example: 409, description: 'the HTTP status, repeated' })
  statusCode!: number;

  @ApiProperty({ type: String, example: 'VersionConflictError', description: 'the kind of error, a stable name' })
  error!: string;

  @ApiProperty({ type: String, example: 'product PRD-001 is at version 3, not 2', description: 'for people; do not parse it' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldProblemResponse], description: '400: every refused field and its problem' })
  fields?: FieldProblemResponse[];

  @ApiPropertyOptional({ type: 'integer', example: 3, description: '409: the version the entity is at (send it as expectedVersion after reading it again)' })
  currentVersion?: number;

  @ApiPropertyOptional({ type: 'integer', example: 2, description: '409: the expectedVersion that was sent' })
  expectedVersion?: number;

  @ApiPropertyOptional({ type: String, example: 'user-01jd9x7k2m', description: '409 of a stale expectedVersion: the user who wrote the current version (staff and system admins only, as an entity\'s updatedBy)' })
  updatedBy?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-12-06T16:30:00.000Z', description: '409 of a stale expectedVersion: when the current version was written' })
  updatedAt?: string;

  @ApiPropertyOptional({ type: String, example: 'confirmed', description: '409 of a status move or a closed cart: the status the order or cart is in' })
  status?: string;

  @ApiPropertyOptional({ type: String, example: 'shop.example.com', description: '409 `domain_taken` of PATCH /settings: the storefront domain another shop holds' })
  domain?: string;

  @ApiPropertyOptional({
    type: String,
    example: 'maxHeldUnitsPerSku',
    description:
      '409/429: the limit that was reached (a 429 always names one): a tenant limit (maxHeldUnitsPerSku of POST /orders, customerActionsPerHour, cartChangesPerMinute, the guest limits, maxPaymentAttemptsPerOrder), ' +
      'the sign-in limits of /auth (signInsPerAddressPerHour, signInsPerClientPerHour, signUpsPer..., codeChecksPer..., passwordResetsPer...: AddressPerHour and ClientPerHour), ' +
      'maxActivePublishableKeys (POST /publishable-keys), maxWishes (PUT /wishlist/items/{sku}), delivered_order (POST /products/{code}/reviews: no delivered order of yours holds the product)',
  })
  limit?: string;

  @ApiPropertyOptional({ type: [String], description: '409 maxHeldUnitsPerSku of POST /orders: the SKUs over the limit; 409 of POST/PATCH /products: the SKUs another product holds' })
  skus?: string[];

  @ApiPropertyOptional({
    type: String,
    enum: ERROR_REASONS,
    example: 'prices_changed',
    description: `Why, as a stable code clients may switch on, always one of this list (src/core/error-reasons.ts; new codes may be added): ${ERROR_REASONS.map((reason) => `${reason}: ${ERROR_REASON_MEANINGS[reason]}`).join('. ')}`,
  })
  reason?: ErrorReason;

  @ApiPropertyOptional({ type: String, example: 'payments.refund', description: '403 missing_permission: the permission the route (or the move asked) needs (README "Staff roles and permissions")' })
  permission?: string;

  @ApiPropertyOptional({ type: String, example: 'slug', description: '409 of a value that must be unique or still valid: slug (categories), shippingMethod (POST /carts/{id}/complete), methodCode (PUT /carts/{id}/shipping-method)' })
  field?: string;

  @ApiPropertyOptional({ type: String, example: 'TAX-US-CA', description: '409 of POST/PATCH /tax-rates: the active rate that already applies' })
  rate?: string;

  @ApiPropertyOptional({ type: String, example: 'requested', description: 'PATCH /returns/{code} 409: the state the return is in' })
  state?: string;

  @ApiPropertyOptional({ type: 'integer', example: 30, description: '409 return_window_closed: the shop\'s returnWindowDays' })
  returnWindowDays?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 2145,
    description: "409 of POST /orders/{code}/refunds: what may still be refunded, in minor units of the order's currency (named in currency), like the request's amount",
  })
  refundable?: number;

  @ApiPropertyOptional({ type: String, example: 'USD', description: '409 of POST /orders/{code}/refunds: the currency of refundable (the order\'s)' })
  currency?: string;

  @ApiPropertyOptional({ type: [CouponRefusalResponse], description: '409 coupon_unavailable of POST /carts/{id}/complete: each coupon and why it can no longer be used' })
  coupons?: CouponRefusalResponse[];

  @ApiPropertyOptional({
    type: 'array',
    items: { $ref: '#/components/schemas/CartPriceChange' },
    description: '409 prices_changed of POST /carts/{id}/complete: the lines whose unit price changed since the version reviewed',
  })
  lines?: unknown[];

  @ApiPropertyOptional({ type: MoneyDto, description: '409 prices_changed: the total of the version reviewed' })
  reviewedTotal?: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: '409 prices_changed: the total priced now' })
  currentTotal?: MoneyDto;

  @ApiPropertyOptional({ type: String, description: '403 mfa_enrolment_required of POST /auth/sign-in: the ticket of POST /auth/mfa-enrolment and its /confirm (no bearer token)' })
  enrolmentToken?: string;

  @ApiPropertyOptional({ type: 'integer', example: 600, description: '403 mfa_enrolment_required: seconds the enrolmentToken is good for' })
  enrolmentExpiresIn?: number;

  @ApiPropertyOptional({ type: 'integer', example: 1200, description: '429: seconds until the limit allows the action again (every 429 carries it)' })
  retryAfterSeconds?: number;

  @ApiPropertyOptional({ type: String, example: '01JEXAMPLE0000000000000000', description: '409 import_running of POST /imports: the import that is not finished' })
  jobId?: string;

  @ApiPropertyOptional({ type: [PriceChangeResponse], description: '409 of POST /orders: the lines whose price changed' })
  prices?: PriceChangeResponse[];
}

export const ERROR_DESCRIPTIONS = {
  400: 'Bad request: a field, query parameter, path code, header or JSON body is invalid (`fields` names each problem)',
  401: 'Missing, invalid or expired bearer token, or (without a token) an invalid publishable key',
  403: "The token's tenant is unknown or disabled, or the caller lacks the route's role (guests may call only routes that list the publishable-key scheme)",
  404: 'Not found (or not visible to this caller)',
  409: 'Conflict: a stale expectedVersion (`currentVersion`), a move the state or a limit does not allow, a duplicate code, or a request with the same Idempotency-Key still running',
  413: 'The request body is larger than the limit (BODY_LIMIT, 100 kB by default)',
  415: 'The request carries a body that is not JSON: another content-type (named in the message), none, or a charset other than utf-8; send application/json',
  422: 'This Idempotency-Key was used for a different request',
  429: "Too many actions: of this customer, of a guest's email, of the network address a guest calls from, or through the shop's publishable key (`limit` names the tenant limit, `retryAfterSeconds` says when to try again)",
  502: 'The payment provider refused or failed the call (`reason: provider_failed`); nothing was changed, try again',
  503: 'A dependency is unavailable',
  504: 'The request took too long and was cut off',
} as const;

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** Documents each status as an error response with the ErrorResponse body. */
export function ApiErrors(...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponse, FieldProblemResponse, PriceChangeResponse, CouponRefusalResponse),
    // A route that takes a body (413) can also be sent one that is not JSON.
    ...[...statuses, ...(statuses.includes(413) && !statuses.includes(415) ? [415 as const] : [])].map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorResponse })),
  );
}

/**
 * Documents each status with a description of the route's own, where the shared one would
 * mislead (a webhook's 401 is a signature, its 429 the shop's webhook limit).
 */
export function ApiErrorsDescribed(descriptions: Partial<Record<ErrorStatus, string>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponse, FieldProblemResponse, PriceChangeResponse, CouponRefusalResponse),
    ...Object.entries(descriptions).map(([status, description]) => ApiResponse({ status: Number(status), description, type: ErrorResponse })),
  );
}

export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{8,100}$';

/** The optional Idempotency-Key header every mutation accepts (src/http/idempotency.interceptor.ts). */
export function ApiIdempotencyKey(): MethodDecorator & ClassDecorator {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes a retry safe: the same key (per caller, for 24 h) gets the first response again, with `Idempotent-Replayed: true`, and changes nothing. ' +
      'The same key with another request is 422.',
    schema: { type: 'string', minLength: 8, maxLength: 100, pattern: IDEMPOTENCY_KEY_PATTERN },
  });
}

/** The header of a success response replayed for a repeated Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};
