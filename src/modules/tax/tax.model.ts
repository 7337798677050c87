import { CommandItem } from '../../core/entity';
import { ENTITY_SORT_KEYS, SortKeys } from '../../core/sorted-page';

export interface TaxRateAttributes {
  country: string;
  region?: string;
  taxClass: string;
  rateBps: number;
  name: string;
  active: boolean;
}

/** The sorts of the tax-rate list (default `code`, the order it always had). */
export const TAX_RATE_SORT_KEYS: SortKeys<CommandItem<TaxRateAttributes>> = {
  ...ENTITY_SORT_KEYS,
  country: (r) => [r.attributes.country, r.attributes.region ?? '', r.attributes.taxClass],
};
