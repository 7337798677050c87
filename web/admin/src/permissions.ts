/**
 * What the signed-in role may do, for offering an action or not (the API refuses it anyway). This
 * mirrors the role → permission table of src/auth/permissions.ts (each operation's `x-permissions`
 * in the OpenAPI document) for the permissions the screens ask about; keep the two in step.
 */
export type Permission = 'catalog.write' | 'inventory.write' | 'orders.fulfil' | 'orders.cancel' | 'payments.refund' | 'returns.manage' | 'reports.read' | 'customers.read' | 'settings.write';

const SHOP: readonly Permission[] = ['catalog.write', 'inventory.write', 'orders.fulfil', 'orders.cancel', 'payments.refund', 'returns.manage', 'reports.read', 'customers.read', 'settings.write'];
const ROLE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  owner: SHOP,
  'tenant-admin': SHOP,
  fulfilment: ['orders.fulfil'],
  support: ['returns.manage', 'customers.read'],
};

export const may = (roles: readonly string[], permission: Permission) => roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
