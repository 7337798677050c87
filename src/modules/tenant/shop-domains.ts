import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { cancellationReasons } from '../../core/dynamo';
import { ConflictError, NotFoundError, ValidationFailedError } from '../../core/errors';
import { SYSTEM_TENANT, systemActorContext, TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { PublishableKeyService } from './publishable-key.service';
import { StorefrontSettings } from './shop-settings.model';
import { domainClaimKey } from './tenant.keys';

/** What the storefront needs to know about the shop it serves (GET /storefront/config). */
export interface StorefrontConfig {
  tenant: string;
  publishableKey: string;
  name: string;
  currency: string;
  /** IANA: the shop's `timeZone` setting, when it has one. */
  timeZone?: string;
  payment: StorefrontPayment;
}

/** How shoppers can pay at this shop: what its settings hold, never a secret. */
export interface StorefrontPayment {
  provider: string;
  onlineMethods: string[];
  offlineMethods: { code: string; name: string; kind: string; instructions?: string }[];
  /** Only while the shop takes payments with Stripe (its Payment Element needs it). */
  stripePublishableKey?: string;
}

interface DomainClaim {
  tenant: string;
  claimedAt: string;
}

/**
 * The hosts of the shops' storefronts. Each domain of a shop's `storefront.domains` has a claim
 * in the platform registry naming the shop, written (or removed) conditionally in the same
 * transaction as the settings version that adds (or drops) it: two shops racing for one host
 * cannot both win, and a host never points at a shop whose settings do not list it.
 */
@Injectable()
export class ShopDomains {
  constructor(
    private readonly items: TenantItemStore,
    private readonly keys: PublishableKeyService,
  ) {}

  /**
   * The claim writes that move a shop from `before` to `after`, refused first with 409
   * `domain_taken` when another shop holds a new one (the writes' conditions re-check it), and
   * with 400 when the publishable key is not one of the shop's active keys.
   */
  async changes(ctx: TenantContext, before: StorefrontSettings | undefined, after: StorefrontSettings | undefined): Promise<TenantWrite[]> {
    const had = before?.domains ?? [];
    const has = after?.domains ?? [];
    if (after?.publishableKey !== undefined && (await this.keys.authenticate(after.publishableKey, ctx.requestId))?.tenantCode !== ctx.tenantCode) {
      throw new ValidationFailedError([{ field: 'storefront.publishableKey', problem: "must be one of the shop's active publishable keys" }]);
    }
    const added = has.filter((d) => !had.includes(d));
    await this.assertFree(ctx, added);
    const mine = { ':t': ctx.tenantCode };
    const free = 'attribute_not_exists(sk) OR #tenant = :t';
    return [
      ...added.map((domain): TenantWrite => ({ registry: true, put: { sk: domainClaimKey(domain), tenant: ctx.tenantCode, claimedAt: new Date().toISOString() }, condition: free, names: { '#tenant': 'tenant' }, values: mine })),
      ...had.filter((d) => !has.includes(d)).map((domain): TenantWrite => ({ registry: true, remove: domainClaimKey(domain), condition: free, names: { '#tenant': 'tenant' }, values: mine })),
    ];
  }

  /** A write of the claims was cancelled: if a domain was taken meanwhile, say which (409), else let the error be. */
  async explain(ctx: TenantContext, error: unknown, after: StorefrontSettings | undefined): Promise<void> {
    if (!cancellationReasons(error)) return;
    await this.assertFree(ctx, after?.domains ?? []);
  }

  /** The shop a host belongs to, with its storefront's key; 404 `unknown_host` for a host no enabled storefront has. */
  async byHost(host: string): Promise<string> {
    const claim = isHostname(host) ? await this.items.get<DomainClaim>(registry(), domainClaimKey(host)) : undefined;
    if (!claim) throw new NotFoundError('storefront host', host, { reason: 'unknown_host' });
    return claim.tenant;
  }

  private async assertFree(ctx: TenantContext, domains: readonly string[]): Promise<void> {
    const claims = await Promise.all(domains.map((d) => this.items.get<DomainClaim>(registry(), domainClaimKey(d))));
    const taken = domains.find((_, i) => claims[i] !== undefined && claims[i]!.tenant !== ctx.tenantCode);
    if (taken) throw new ConflictError(`the domain ${taken} belongs to another shop`, { reason: 'domain_taken', domain: taken });
  }
}

/** Lower-case hostnames (letters, digits, dashes, dots between labels), at most 100 characters (a key part). */
export const HOSTNAME = /^(?=.{1,100}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function isHostname(host: string): boolean {
  return HOSTNAME.test(host);
}

function registry(): TenantContext {
  return systemActorContext(SYSTEM_TENANT, 'shop-domains', ulid());
}
