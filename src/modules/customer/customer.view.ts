import { CustomerProfile } from './customer.service';

/** The address book part of a profile. */
export function addressBookView(p: CustomerProfile) {
  const { addresses, defaultShippingId, defaultBillingId } = p.attributes;
  return { version: p.version, items: addresses, ...(defaultShippingId ? { defaultShippingId } : {}), ...(defaultBillingId ? { defaultBillingId } : {}) };
}

/** What the customer sees of their profile: everything but the staff's notes. */
export function meView(p: CustomerProfile) {
  const { name, email, emailVerified, phone, marketingConsent, status } = p.attributes;
  return { id: p.id, ...addressBookView(p), ...(name ? { name } : {}), ...(email ? { email } : {}), emailVerified, ...(phone ? { phone } : {}), ...(marketingConsent ? { marketingConsent } : {}), status };
}

/** What staff see: the profile, their notes and when it was made and last changed. */
export function customerView(p: CustomerProfile) {
  return { ...meView(p), ...(p.attributes.notes ? { notes: p.attributes.notes } : {}), createdAt: p.createdAt, updatedAt: p.updatedAt };
}
