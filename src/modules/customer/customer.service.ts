import { Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { CommandService } from '../../core/command.service';
import { CommandItem } from '../../core/entity';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import { userKeyPart } from '../../core/keys';
import { TenantContext } from '../../core/tenant-context';
import { AccountService } from '../identity';
import type { Address } from '../order';
import { CUSTOMER_ENTITY } from './customer.keys';
import { ConsentSource, CustomerAttributes, CustomerStatus, MAX_ADDRESSES } from './customer.model';

/** A customer's own changes to their profile (never notes or status: the DTOs have no such fields). */
export interface ProfileChanges {
  name?: string;
  email?: string;
  phone?: string;
  marketingConsent?: { granted: boolean; source: ConsentSource };
}

export interface AddressDefaults {
  defaultShipping?: boolean;
  defaultBilling?: boolean;
}

/** A profile as its owner or staff read it: the newest version, or the token's facts at version 0. */
export interface CustomerProfile {
  id: string;
  version: number;
  attributes: CustomerAttributes;
  createdAt?: string;
  updatedAt?: string;
}

/**
 * A customer's profile and address book: one versioned entity per customer of a shop, keyed by
 * the token subject. Nothing is written until the customer's first change (expectedVersion 0);
 * reading before that answers what the token says. Staff write only notes and status.
 */
@Injectable()
export class CustomerService {
  constructor(
    private readonly commands: CommandService,
    private readonly accounts: AccountService,
  ) {}

  async mine(ctx: TenantContext): Promise<CustomerProfile> {
    const code = userKeyPart(ctx.userId);
    const [current, account] = await Promise.all([this.commands.getLatest<CustomerAttributes>(ctx, CUSTOMER_ENTITY, code), this.accounts.get(ctx, ctx.userId)]);
    const profile = current ? profileOf(current) : { id: code, version: 0, attributes: this.fromToken(ctx) };
    // The account's address is the sign-in's, verified by a code: after a change of email it is
    // newer than the profile and than a token signed in before the change.
    return account?.attributes.status === 'active' ? { ...profile, attributes: { ...profile.attributes, email: account.attributes.email, emailVerified: true } } : profile;
  }

  async updateMine(ctx: TenantContext, expectedVersion: number, changes: ProfileChanges): Promise<CustomerProfile> {
    if (changes.email !== undefined && ctx.email !== undefined && changes.email !== ctx.email) {
      throw new ValidationFailedError([{ field: 'email', problem: 'is your verified sign-in email and cannot be set here' }]);
    }
    return this.changeMine(ctx, expectedVersion, (current) => {
      const { marketingConsent, ...rest } = changes;
      return {
        ...applied(current, rest, []),
        ...(changes.email !== undefined && !ctx.email ? { emailVerified: false } : {}),
        ...(marketingConsent ? { marketingConsent: { ...marketingConsent, at: new Date().toISOString() } } : {}),
      };
    });
  }

  async addAddress(ctx: TenantContext, expectedVersion: number, address: Address, defaults: AddressDefaults): Promise<CustomerProfile> {
    return this.changeMine(ctx, expectedVersion, (current) => {
      if (current.addresses.length >= MAX_ADDRESSES) {
        throw new ValidationFailedError([{ field: 'addresses', problem: `holds at most ${MAX_ADDRESSES} addresses; delete one first` }]);
      }
      const id = ulid().toLowerCase();
      // The first address is where a customer ships and bills until they say otherwise.
      const first = current.addresses.length === 0;
      return withDefaults({ ...current, addresses: [...current.addresses, { ...address, id }] }, id, { defaultShipping: defaults.defaultShipping ?? (first || undefined), defaultBilling: defaults.defaultBilling ?? (first || undefined) });
    });
  }

  async changeAddress(ctx: TenantContext, expectedVersion: number, id: string, changes: Partial<Address>, defaults: AddressDefaults): Promise<CustomerProfile> {
    return this.changeMine(ctx, expectedVersion, (current) => {
      const before = current.addresses.find((a) => a.id === id);
      if (!before) throw new NotFoundError('address', id);
      const addresses = current.addresses.map((a) => (a.id === id ? applied(a, changes, REQUIRED_ADDRESS_FIELDS) : a));
      return withDefaults({ ...current, addresses }, id, defaults);
    });
  }

  async removeAddress(ctx: TenantContext, expectedVersion: number, id: string): Promise<CustomerProfile> {
    return this.changeMine(ctx, expectedVersion, (current) => {
      if (!current.addresses.some((a) => a.id === id)) throw new NotFoundError('address', id);
      return withDefaults({ ...current, addresses: current.addresses.filter((a) => a.id !== id) }, id, { defaultShipping: false, defaultBilling: false });
    });
  }

  /** Staff: a customer of their shop (404 for one who never wrote a profile, or of another shop). */
  async get(ctx: TenantContext, id: string): Promise<CustomerProfile> {
    const current = await this.commands.getLatest<CustomerAttributes>(ctx, CUSTOMER_ENTITY, id);
    if (!current) throw new NotFoundError('customer', id);
    return profileOf(current);
  }

  /**
   * Staff change notes or status. A status goes on to the person's ACCOUNT (the item the guard
   * reads on every request), so a disabled customer is refused on their next request. The
   * profile is written first (its expectedVersion is the staff's check), then the account is set
   * to the profile's status whatever its version; a retry after a failure between the two writes
   * the same status again and lands the account. A customer with no account (a token of
   * `npm run token`, never signed up) has none to change: only the profile's status is stored.
   */
  async updateByStaff(ctx: TenantContext, id: string, expectedVersion: number, changes: { notes?: string | null; status?: CustomerStatus | null }): Promise<CustomerProfile> {
    const next = await this.commands.update<CustomerAttributes>(ctx, CUSTOMER_ENTITY, id, expectedVersion, (current) => ({ attributes: applied(current.attributes, changes, ['status']) }));
    if (changes.status) await this.accounts.setStatus(ctx, next.attributes.customerId, 'customer', next.attributes.status);
    return profileOf(next);
  }

  /**
   * The customer's change of the version they read: version 0 starts from the token's facts and
   * creates the profile (a second creator loses with 409), later ones go through
   * CommandService.update, which reads that version from the command table, never the data table.
   */
  private async changeMine(ctx: TenantContext, expectedVersion: number, edit: (current: CustomerAttributes) => CustomerAttributes): Promise<CustomerProfile> {
    const code = userKeyPart(ctx.userId);
    const next =
      expectedVersion === 0
        ? await this.commands.publish(ctx, { type: CUSTOMER_ENTITY, code, attributes: this.verified(ctx, edit(this.fromToken(ctx))) }, { expectedVersion: 0 })
        : await this.commands.update<CustomerAttributes>(ctx, CUSTOMER_ENTITY, code, expectedVersion, (current) => ({ attributes: this.verified(ctx, edit(current.attributes)) }));
    return profileOf(next);
  }

  private fromToken(ctx: TenantContext): CustomerAttributes {
    return { customerId: ctx.userId, ...(ctx.email ? { email: ctx.email } : {}), emailVerified: ctx.email !== undefined, addresses: [], status: 'active' };
  }

  /** A token's verified email always wins over a typed one (the claim may have changed since). */
  private verified(ctx: TenantContext, attributes: CustomerAttributes): CustomerAttributes {
    return ctx.email ? { ...attributes, email: ctx.email, emailVerified: true } : attributes;
  }
}

const REQUIRED_ADDRESS_FIELDS = ['name', 'line1', 'city', 'postalCode', 'country'];

/**
 * A partial change: a field sent as null clears it (the DTOs' @IsOptional lets null through),
 * except a required one, which is a 400 naming it; fields not sent stay.
 */
function applied<T extends object>(target: T, changes: object, required: readonly string[]): T {
  const cleared = Object.entries(changes).filter(([, value]) => value === null).map(([field]) => field);
  const missing = cleared.filter((field) => required.includes(field));
  if (missing.length) throw new ValidationFailedError(missing.map((field) => ({ field, problem: 'is required' })));
  const next = { ...target } as Record<string, unknown>;
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as T;
}

/** Sets (true) or clears (false, only when it was this address) each default; clears defaults of addresses gone. */
function withDefaults(attributes: CustomerAttributes, id: string, defaults: AddressDefaults): CustomerAttributes {
  const next = { ...attributes };
  const pick = (current: string | undefined, flag: boolean | undefined) => (flag === true ? id : flag === false && current === id ? undefined : current);
  const shipping = pick(next.defaultShippingId, defaults.defaultShipping);
  const billing = pick(next.defaultBillingId, defaults.defaultBilling);
  delete next.defaultShippingId;
  delete next.defaultBillingId;
  return { ...next, ...(shipping ? { defaultShippingId: shipping } : {}), ...(billing ? { defaultBillingId: billing } : {}) };
}

function profileOf(item: CommandItem<CustomerAttributes>): CustomerProfile {
  return { id: item.code, version: item.version, attributes: item.attributes, ...(item.createdAt ? { createdAt: item.createdAt } : {}), updatedAt: item.issuedAt };
}

