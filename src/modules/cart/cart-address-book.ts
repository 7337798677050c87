import { FieldProblem, ValidationFailedError } from '../../core/errors';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { CustomerService } from '../customer';
import { Address } from '../order';

/** What `PUT /carts/:id/addresses` may name: an address typed in, or one of the caller's address book by id. */
export interface CartAddressRequest {
  shippingAddress?: Address;
  shippingAddressId?: string;
  billingAddress?: Address;
  billingAddressId?: string;
}

/**
 * The addresses a request names, those given by id read from the customer's address book (its
 * newest profile version, never the lagging data table). A guest has no book; an id not in it,
 * or an address given both ways, is a 400 naming the field.
 */
export async function resolveCartAddresses(customers: CustomerService, ctx: TenantContext, request: CartAddressRequest): Promise<{ shippingAddress: Address; billingAddress?: Address }> {
  const problems: FieldProblem[] = [];
  const both = (field: string, typed: unknown, id: unknown) => typed !== undefined && id !== undefined && problems.push({ field, problem: `give ${field.replace(/Id$/, '')} or ${field}, not both` });
  both('shippingAddressId', request.shippingAddress, request.shippingAddressId);
  both('billingAddressId', request.billingAddress, request.billingAddressId);
  if (request.shippingAddress === undefined && request.shippingAddressId === undefined) problems.push({ field: 'shippingAddress', problem: 'is required (or shippingAddressId from your address book)' });
  const ids = (['shippingAddressId', 'billingAddressId'] as const).filter((field) => request[field] !== undefined);
  if (ids.length && !hasRole(ctx, 'customer')) problems.push(...ids.map((field) => ({ field, problem: 'is for signed-in customers: a guest has no address book' })));
  if (problems.length) throw new ValidationFailedError(problems);
  if (!ids.length) return { shippingAddress: request.shippingAddress!, ...(request.billingAddress ? { billingAddress: request.billingAddress } : {}) };

  const book = (await customers.mine(ctx)).attributes.addresses;
  const fromBook = (field: 'shippingAddressId' | 'billingAddressId'): Address | undefined => {
    const id = request[field];
    if (id === undefined) return undefined;
    const found = bookAddress(book, id);
    if (!found) problems.push({ field, problem: 'is not an address of your address book (GET /me/addresses)' });
    return found;
  };
  const shippingAddress = request.shippingAddress ?? fromBook('shippingAddressId');
  const billingAddress = request.billingAddress ?? fromBook('billingAddressId');
  if (problems.length) throw new ValidationFailedError(problems);
  return { shippingAddress: shippingAddress!, ...(billingAddress ? { billingAddress } : {}) };
}

/** A new cart of a customer starts with their default shipping (and billing) address, when they have one. */
export async function defaultCartAddresses(customers: CustomerService, ctx: TenantContext): Promise<{ shippingAddress?: Address; billingAddress?: Address }> {
  const { addresses, defaultShippingId, defaultBillingId } = (await customers.mine(ctx)).attributes;
  const shippingAddress = bookAddress(addresses, defaultShippingId);
  if (!shippingAddress) return {};
  const billingAddress = defaultBillingId !== defaultShippingId ? bookAddress(addresses, defaultBillingId) : undefined;
  return { shippingAddress, ...(billingAddress ? { billingAddress } : {}) };
}

/** The book's address `id` as the order's address fields (the book's id is not part of an order's address). */
function bookAddress(book: readonly (Address & { id: string })[], id: string | undefined): Address | undefined {
  const found = id === undefined ? undefined : book.find((a) => a.id === id);
  if (!found) return undefined;
  const { id: _id, ...address } = found;
  return address;
}
