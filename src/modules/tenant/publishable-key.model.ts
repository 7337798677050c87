/**
 * A publishable key: what a browser storefront sends (`x-publishable-key`) to act as a guest of
 * its shop. Only its SHA-256 is kept; the key itself is shown once, when it is created.
 */
export interface PublishableKeyAttributes {
  id: string;
  label: string;
  /** SHA-256 (hex) of the whole key. */
  keyHash: string;
  /** The key's last 4 characters, so an admin can tell keys apart. */
  last4: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** Active (not revoked) keys one tenant may have at once. */
export const MAX_ACTIVE_PUBLISHABLE_KEYS = 20;

/** `pk_<tenant>_<32 base62 characters>`: the tenant is in the key so the guard knows where to look. */
export const PUBLISHABLE_KEY_SECRET_LENGTH = 32;
export const PUBLISHABLE_KEY_FORMAT = /^pk_([a-z0-9][a-z0-9-]{1,39})_([0-9A-Za-z]{32})$/;
