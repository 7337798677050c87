import { CommandItem } from '../../core/entity';
import { ENTITY_SORT_KEYS, SortKeys } from '../../core/sorted-page';

export interface CategoryAttributes {
  slug: string;
  /** Fixed at creation: products list under their categories' ancestors as they were then. */
  parentCode?: string;
  position: number;
  description?: string;
  active: boolean;
}

/** The sorts of the category list; `position` (the default) is the tree order it always had: by parent, then position. */
export const CATEGORY_SORT_KEYS: SortKeys<CommandItem<CategoryAttributes>> = {
  position: (c) => [c.attributes.parentCode ?? '', c.attributes.position],
  ...ENTITY_SORT_KEYS,
};
