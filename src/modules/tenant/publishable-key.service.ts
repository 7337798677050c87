import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { cancellationReasons } from '../../core/dynamo';
import { Page } from '../../core/entity';
import { ConflictError, NotFoundError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { SYSTEM_TENANT, systemActorContext, TenantContext } from '../../core/tenant-context';
import { TenantItemStore } from '../../core/tenant-item.store';
import { activePublishableKeysKey, publishableKeyKey, publishableKeyPrefix } from './publishable-key.keys';
import {
  MAX_ACTIVE_PUBLISHABLE_KEYS,
  PUBLISHABLE_KEY_FORMAT,
  PUBLISHABLE_KEY_SECRET_LENGTH,
  PublishableKeyAttributes,
} from './publishable-key.model';
import { TenantDirectory } from './tenant.directory';

/** What an admin may see of a key: never the key itself, nor its hash. */
export interface PublishableKeyView {
  id: string;
  label: string;
  last4: string;
  active: boolean;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** The answer to creating a key: the only time the whole key is shown. */
export interface CreatedPublishableKey extends PublishableKeyView {
  key: string;
}

/** Whom a valid publishable key lets in. */
export interface PublishableKeyHolder {
  tenantCode: string;
  keyId: string;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 below 256: bytes at or above it are dropped so every character is equally likely. */
const UNBIASED_BYTE_LIMIT = 248;
const ID_HEX_LENGTH = 24;

/**
 * The tenant's publishable keys (`PUBLISHABLEKEY#<id>` in the data table, non-versioned): created
 * and revoked by tenant admins, checked by the guard on every guest request. A key's id is a
 * prefix of its SHA-256, so the guard finds it with one strongly consistent GetItem and compares
 * the whole hash; nothing is cached, so a revocation bites on the next request.
 */
@Injectable()
export class PublishableKeyService {
  constructor(
    private readonly items: TenantItemStore,
    private readonly tenants: TenantDirectory,
  ) {}

  /**
   * A new key, counted against the tenant's active keys in the same transaction, so concurrent
   * creates never pass the limit together.
   */
  async create(ctx: TenantContext, label: string): Promise<CreatedPublishableKey> {
    const key = `pk_${ctx.tenantCode}_${randomBase62(PUBLISHABLE_KEY_SECRET_LENGTH)}`;
    const hash = sha256(key);
    const stored: PublishableKeyAttributes = {
      id: hash.slice(0, ID_HEX_LENGTH),
      label,
      keyHash: hash,
      last4: key.slice(-4),
      createdAt: new Date().toISOString(),
      createdBy: ctx.userId,
    };
    try {
      await this.items.transact(ctx, [
        {
          update: activePublishableKeysKey(),
          set: 'ADD #active :one',
          condition: 'attribute_not_exists(#active) OR #active < :max',
          names: { '#active': 'active' },
          values: { ':one': 1, ':max': MAX_ACTIVE_PUBLISHABLE_KEYS },
        },
        { put: { ...stored, sk: publishableKeyKey(stored.id) }, condition: 'attribute_not_exists(sk)' },
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError(`a tenant may have at most ${MAX_ACTIVE_PUBLISHABLE_KEYS} active publishable keys (maxActivePublishableKeys): revoke one first`, {
          limit: 'maxActivePublishableKeys',
        });
      }
      throw error;
    }
    return { ...view(stored), key };
  }

  /** Every key of the tenant, active and revoked, oldest id order (ids are hashes: no meaning). */
  async list(ctx: TenantContext, page: PageRequest): Promise<Page<PublishableKeyView>> {
    const found = await this.items.list<PublishableKeyAttributes>(ctx, publishableKeyPrefix(), page);
    return { ...found, items: found.items.map(view) };
  }

  /** Revokes once (and gives the slot back); revoking a revoked key changes nothing and answers the same. */
  async revoke(ctx: TenantContext, id: string): Promise<PublishableKeyView> {
    const revokedAt = new Date().toISOString();
    try {
      await this.items.transact(ctx, [
        {
          update: publishableKeyKey(id),
          set: 'SET revokedAt = :at, revokedBy = :by',
          condition: 'attribute_exists(sk) AND attribute_not_exists(revokedAt)',
          values: { ':at': revokedAt, ':by': ctx.userId },
        },
        { update: activePublishableKeysKey(), set: 'ADD #active :minusOne', names: { '#active': 'active' }, values: { ':minusOne': -1 } },
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      const existing = await this.items.get<PublishableKeyAttributes>(ctx, publishableKeyKey(id));
      if (!existing) throw new NotFoundError('publishable key', id);
      return view(existing);
    }
    const revoked = await this.items.get<PublishableKeyAttributes>(ctx, publishableKeyKey(id));
    return view(revoked!);
  }

  /**
   * The tenant and key a request's `x-publishable-key` stands for, or undefined when it is
   * malformed, unknown, revoked, or its tenant is unknown or disabled (the caller cannot tell
   * which). One strongly consistent GetItem, plus the tenant directory's usual (cached) answer.
   */
  async authenticate(key: string, requestId: string): Promise<PublishableKeyHolder | undefined> {
    const match = PUBLISHABLE_KEY_FORMAT.exec(key);
    if (!match || match[1] === SYSTEM_TENANT) return undefined;
    const tenantCode = match[1];
    const hash = sha256(key);
    const id = hash.slice(0, ID_HEX_LENGTH);
    const ctx = systemActorContext(tenantCode, 'publishable-key', requestId);
    const [active, stored] = await Promise.all([
      this.tenants.isActive(tenantCode),
      this.items.get<PublishableKeyAttributes>(ctx, publishableKeyKey(id)),
    ]);
    if (!active || !stored || stored.revokedAt) return undefined;
    if (!timingSafeEqual(Buffer.from(stored.keyHash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    return { tenantCode, keyId: id };
  }
}

function view(stored: PublishableKeyAttributes): PublishableKeyView {
  return {
    id: stored.id,
    label: stored.label,
    last4: stored.last4,
    active: !stored.revokedAt,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    ...(stored.revokedAt ? { revokedAt: stored.revokedAt, revokedBy: stored.revokedBy } : {}),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_BYTE_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}
