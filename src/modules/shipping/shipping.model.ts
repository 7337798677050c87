import { ShippingRate } from '../pricing';

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
