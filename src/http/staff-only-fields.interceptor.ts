import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { STAFF_ONLY_FIELDS } from '../core/entity-view';
import { hasRole, isStaff, RequestWithTenant, TenantContext } from '../core/tenant-context';

/** Who may see who changed what (an entity's `updatedBy`): the shop's staff and the platform's. */
export function seesStaffFields(ctx: TenantContext | undefined): boolean {
  return !!ctx && (isStaff(ctx) || hasRole(ctx, 'system-admin'));
}

/**
 * Drops the fields a view marks staff-only (STAFF_ONLY_FIELDS, e.g. `updatedBy`: staff user ids)
 * from every response to a guest, a customer or an unauthenticated caller, at any depth. Only
 * marked objects are touched, so free-form maps (a variant's options) keep every key.
 *
 * Registered after IdempotencyInterceptor, so it runs inside it: the response an idempotency key
 * keeps (and replays, without the marks) is already the one this caller may see.
 */
@Injectable()
export class StaffOnlyFieldsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (seesStaffFields(context.switchToHttp().getRequest<RequestWithTenant>().tenantContext)) return next.handle();
    return next.handle().pipe(map(withoutStaffOnlyFields));
  }
}

export function withoutStaffOnlyFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStaffOnlyFields);
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const hidden = (value as { [STAFF_ONLY_FIELDS]?: readonly string[] })[STAFF_ONLY_FIELDS] ?? [];
  return Object.fromEntries(Object.entries(value).filter(([key]) => !hidden.includes(key)).map(([key, field]) => [key, withoutStaffOnlyFields(field)]));
}
