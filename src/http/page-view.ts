import { Attributes, CommandItem, EntityRecord, Page } from '../core/entity';
import { sortedPage, SortedPageRequest, SortKeys } from '../core/sorted-page';
import { TenantContext } from '../core/tenant-context';
import { entityView, EntityView } from '../core/entity-view';

export function pageView<A = Attributes>(page: Page<EntityRecord<A> | CommandItem<A>>): { items: EntityView<A>[]; cursor?: string } {
  return { items: page.items.map((item) => entityView(item)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** A page of a small list read whole, sorted and cut (core/sorted-page.ts), as the API shows it. */
export function sortedPageView<A>(ctx: TenantContext, all: readonly CommandItem<A>[], keys: SortKeys<CommandItem<A>>, request: SortedPageRequest): { items: EntityView<A>[]; cursor?: string } {
  return pageView(sortedPage(ctx, all, keys, request));
}
