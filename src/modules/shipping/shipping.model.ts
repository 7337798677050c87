import { ShippingRate } from '../pricing/pricing.model';

export interface ShippingZoneAttributes {
  countries: string[];
  regions?: string[];
  postalCodePrefixes?: string[];
  active: boolean;
}

export interface ShippingMethodAttributes {
  zoneCode: string;
  rate: ShippingRate;
  active: boolean;
}
