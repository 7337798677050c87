import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ForbiddenError } from '../core/errors';
import { Role, TenantContext, TokenRole } from '../core/tenant-context';

/**
 * What a staff route needs, by name: the guard checks the caller's roles against ROLE_PERMISSIONS
 * on every request (the roles of the caller's ACCOUNT item when it has one, so a change bites on
 * the next request), and the OpenAPI document lists it per operation (`x-permissions`).
 */
export const PERMISSION_MEANINGS = {
  'catalog.read': 'the shop view of products, categories, reviews and search (hidden ones included)',
  'catalog.write': 'create and change products (their prices too) and categories',
  'inventory.read': 'read stock levels and movements',
  'inventory.write': 'set stock levels',
  'orders.read': 'list and read every order of the shop, its history, its payments and its returns',
  'orders.fulfil': 'move orders along (process, deliver, complete) and ship them',
  'orders.cancel': 'cancel an order as the shop (PATCH /orders/{code}/status to `cancelled`: with orders.fulfil)',
  'payments.refund': 'refund money at will (POST /orders/{code}/refunds)',
  'payments.record': 'record an offline payment received (bank transfer, cash on delivery)',
  'returns.manage': 'open returns for customers, accept, reject and receive them (received units are refunded by the return policy)',
  'reviews.moderate': 'hide and show reviews',
  'customers.read': "read customers' profiles and the shop's outgoing mails",
  'customers.manage': "change customers' notes and status",
  'coupons.manage': 'create, read, change and retire coupons',
  'reports.read': 'sales and stock reports',
  'settings.read': "read the shop's settings, shipping zones and methods, tax rates",
  'settings.write': "change the shop's settings, shipping zones and methods, tax rates",
  'keys.manage': "create, list and revoke the shop's publishable keys",
  'staff.manage': 'list staff, change their roles, disable and enable them',
  'tenants.manage': 'create, read and change tenants (the platform)',
} as const;

export type Permission = keyof typeof PERMISSION_MEANINGS;
export const PERMISSIONS = Object.keys(PERMISSION_MEANINGS) as Permission[];

const SHOP_PERMISSIONS = PERMISSIONS.filter((p) => p !== 'tenants.manage');

/**
 * The role → permission table (README "Staff roles and permissions" prints it). Support handles
 * returns, whose refunds the return policy computes, but never refunds at will: money leaving
 * the shop outside a return is the owner's and tenant admins' call.
 */
export const ROLE_PERMISSIONS: Readonly<Record<TokenRole, readonly Permission[]>> = {
  owner: SHOP_PERMISSIONS,
  'tenant-admin': SHOP_PERMISSIONS.filter((p) => p !== 'staff.manage'),
  fulfilment: ['catalog.read', 'inventory.read', 'orders.read', 'orders.fulfil', 'settings.read'],
  support: ['catalog.read', 'orders.read', 'returns.manage', 'reviews.moderate', 'customers.read', 'customers.manage', 'settings.read'],
  customer: [],
  'system-admin': ['tenants.manage'],
};

export function holds(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => role !== 'guest' && ROLE_PERMISSIONS[role].includes(permission));
}

/** The roles that hold a permission, in the table's order: what the document says of a route. */
export function holdersOf(permission: Permission): TokenRole[] {
  return (Object.keys(ROLE_PERMISSIONS) as TokenRole[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

export const REQUIRED_PERMISSION = 'shopstream:permission';

/**
 * A staff route: the caller needs this permission (403 `missing_permission` naming it). Next to
 * `@Roles('customer', 'guest')`, those callers are let in too (the service then shows them their
 * own). Writes `x-permissions` and the roles holding it (`x-permission-holders`) into the
 * operation; docs.ts turns them into a sentence of the description.
 */
export const Allow = (permission: Permission) =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission), ApiExtension('x-permissions', [permission]), ApiExtension('x-permission-holders', holdersOf(permission)));

export class MissingPermissionError extends ForbiddenError {
  constructor(readonly permission: Permission) {
    super(`this needs the permission ${permission} (held by ${holdersOf(permission).join(', ')})`, { reason: 'missing_permission', permission });
  }
}

/** For a permission that depends on the request, not the route (a staff cancel on the status route). */
export function requirePermission(ctx: TenantContext, permission: Permission): void {
  if (!holds(ctx.roles, permission)) throw new MissingPermissionError(permission);
}
