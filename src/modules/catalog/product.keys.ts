/** Entity type of a product; its code is the product code. */
export const PRODUCT_ENTITY = 'PRODUCT';
