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
  /** A screen exists; the others show "not built yet" until the next session grows them. */
  ready: boolean;
}

const SHOP = ['owner', 'tenant-admin'] as const;
export const SECTIONS: readonly Section[] = [
  { id: 'home', label: 'nav.home', roles: [...SHOP, 'fulfilment', 'support'], ready: true },
  { id: 'orders', label: 'nav.orders', roles: [...SHOP, 'fulfilment', 'support'], ready: true },
  { id: 'products', label: 'nav.products', roles: [...SHOP, 'fulfilment'], ready: true },
  { id: 'categories', label: 'nav.categories', roles: SHOP, ready: true },
  { id: 'inventory', label: 'nav.inventory', roles: [...SHOP, 'fulfilment'], ready: true },
  { id: 'customers', label: 'nav.customers', roles: [...SHOP, 'support'], ready: true },
  { id: 'coupons', label: 'nav.coupons', roles: SHOP, ready: true },
  { id: 'shipping', label: 'nav.shipping', roles: SHOP, ready: true },
  { id: 'tax-rates', label: 'nav.taxRates', roles: SHOP, ready: true },
  { id: 'settings', label: 'nav.settings', roles: SHOP, ready: false },
  { id: 'publishable-keys', label: 'nav.publishableKeys', roles: SHOP, ready: true },
  { id: 'reviews', label: 'nav.reviews', roles: [...SHOP, 'support'], ready: false },
  { id: 'staff', label: 'nav.staff', roles: ['owner'], ready: false },
  { id: 'mails', label: 'nav.mails', roles: SHOP, ready: false },
  { id: 'tenants', label: 'nav.tenants', roles: ['system-admin'], ready: false },
];

export const sectionsFor = (roles: readonly string[]) => SECTIONS.filter((section) => section.roles.some((role) => roles.includes(role)));
export const mayUse = (roles: readonly string[], id: SectionId) => sectionsFor(roles).some((section) => section.id === id);
