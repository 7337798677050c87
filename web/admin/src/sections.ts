/**
 * Every section of the admin (issue 22) and the roles that may use it, for the navigation: a
 * section the role may not use is not offered (the API refuses it anyway). This mirrors the role →
 * permission table of the identity contract (src/auth/permissions.ts, engineer "access"); when that
 * lands in the OpenAPI document (each operation names its permission) this list should be derived
 * from it.
 */
import type { Strings } from './strings';

export type SectionId =
  | 'home' | 'orders' | 'products' | 'categories' | 'inventory' | 'customers' | 'coupons' | 'shipping'
  | 'tax-rates' | 'settings' | 'publishable-keys' | 'reviews' | 'staff' | 'mails' | 'tenants';

export interface Section {
  id: SectionId;
  label: keyof Strings;
  roles: readonly string[];
}

const SHOP = ['owner', 'tenant-admin'] as const;
export const SECTIONS: readonly Section[] = [
  { id: 'home', label: 'nav.home', roles: [...SHOP, 'fulfilment', 'support'] },
  { id: 'orders', label: 'nav.orders', roles: [...SHOP, 'fulfilment', 'support'] },
  { id: 'products', label: 'nav.products', roles: [...SHOP, 'fulfilment'] },
  { id: 'categories', label: 'nav.categories', roles: SHOP },
  { id: 'inventory', label: 'nav.inventory', roles: [...SHOP, 'fulfilment'] },
  { id: 'customers', label: 'nav.customers', roles: [...SHOP, 'support'] },
  { id: 'coupons', label: 'nav.coupons', roles: SHOP },
  { id: 'shipping', label: 'nav.shipping', roles: SHOP },
  { id: 'tax-rates', label: 'nav.taxRates', roles: SHOP },
  { id: 'settings', label: 'nav.settings', roles: SHOP },
  { id: 'publishable-keys', label: 'nav.publishableKeys', roles: SHOP },
  { id: 'reviews', label: 'nav.reviews', roles: [...SHOP, 'support'] },
  { id: 'staff', label: 'nav.staff', roles: ['owner'] },
  { id: 'mails', label: 'nav.mails', roles: [...SHOP, 'support'] },
  { id: 'tenants', label: 'nav.tenants', roles: ['system-admin'] },
];

export const sectionsFor = (roles: readonly string[]) => SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
export const mayUse = (roles: readonly string[], id: SectionId) => sectionsFor(roles).some((section) => section.id === id);
