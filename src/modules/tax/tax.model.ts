export interface TaxRateAttributes {
  country: string;
  region?: string;
  taxClass: string;
  rateBps: number;
  name: string;
  active: boolean;
}
