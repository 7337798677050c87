/** Entity types of the shipping context; codes are the admin's. */
export const SHIPPING_ZONE_ENTITY = 'SHIPPINGZONE';
export const SHIPPING_METHOD_ENTITY = 'SHIPPINGMETHOD';
