import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../core/errors';
import { sortKey, sortKeyPrefix } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';

/** Active keys one tenant may have at once. */
export const MAX_ACTIVE_KEYS = 20;

export interface PublishableKeyItem {
  id: string;
  label: string;
  /** The key's last four characters, so admins can tell keys apart. */
  last4: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

const KEY = /^pk_([a-z0-9][a-z0-9-]{1,39})_([A-Za-z0-9_-]{32})$/;

/** A key's item: its id is a digest of the whole key, so the key itself is never stored. */
const keyItem = (id: string) => sortKey('PUBLISHABLEKEY', id);
const keyId = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** The tenant a well-formed key names (the key carries it so its item can be found), else nothing. */
export function tenantOfPublishableKey(key: string): string | undefined {
  return KEY.exec(key)?.[1];
}

/**
 * Publishable keys let a shop's storefront call as a guest: read the catalog, keep a cart,
 * check out. They are public by nature (they sit in a web page); revoking one stops it on the
 * next request.
 */
@Injectable()
export class PublishableKeys {
  constructor(private readonly items: TenantItemStore) {}

  async create(ctx: TenantContext, label: string): Promise<PublishableKeyItem & { key: string }> {
    const active = (await this.list(ctx)).filter((k) => !k.revokedAt);
    if (active.length >= MAX_ACTIVE_KEYS) throw new ConflictError(`a shop has at most ${MAX_ACTIVE_KEYS} active publishable keys; revoke one first`, { limit: 'maxActivePublishableKeys' });
    const key = `pk_${ctx.tenantCode}_${randomBytes(24).toString('base64url')}`;
    const item: PublishableKeyItem = { id: keyId(key), label, last4: key.slice(-4), createdAt: new Date().toISOString(), createdBy: ctx.userId };
    await this.items.putIfAbsent(ctx, keyItem(item.id), { ...item });
    return { ...item, key };
  }

  async list(ctx: TenantContext): Promise<PublishableKeyItem[]> {
    const all: PublishableKeyItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.items.list<PublishableKeyItem>(ctx, sortKeyPrefix('PUBLISHABLEKEY'), { cursor, limit: 100 });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes a key; revoking it again changes nothing. */
  async revoke(ctx: TenantContext, id: string): Promise<PublishableKeyItem> {
    const item = await this.items.get<PublishableKeyItem>(ctx, keyItem(id));
    if (!item) throw new NotFoundError('publishable key', id);
    if (item.revokedAt) return item;
    return this.items.update<PublishableKeyItem>(ctx, keyItem(id), 'SET revokedAt = if_not_exists(revokedAt, :now)', { ':now': new Date().toISOString() });
  }

  /** Whether the key is one of this tenant's and not revoked (one strongly consistent read). */
  async isValid(ctx: Pick<TenantContext, 'tenantCode'>, key: string): Promise<boolean> {
    const item = await this.items.get<PublishableKeyItem>(ctx as TenantContext, keyItem(keyId(key)));
    return !!item && !item.revokedAt;
  }
}
