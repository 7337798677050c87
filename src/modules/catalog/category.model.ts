export interface CategoryAttributes {
  slug: string;
  /** Fixed at creation: products list under their categories' ancestors as they were then. */
  parentCode?: string;
  position: number;
  description?: string;
  active: boolean;
}
