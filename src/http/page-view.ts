import { Attributes, CommandItem, EntityRecord, Page } from '../core/entity';
import { entityView, EntityView } from '../core/entity-view';

export function pageView<A = Attributes>(page: Page<EntityRecord<A> | CommandItem<A>>): { items: EntityView<A>[]; cursor?: string } {
  return { items: page.items.map((item) => entityView(item)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
