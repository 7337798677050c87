import { Money } from '../../core/money';

export interface ProductAttributes {
  sku: string;
  price: Money;
  categoryCode?: string;
  description?: string;
  images: string[];
  active: boolean;
}
