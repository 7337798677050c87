/** What a screen says to a role that may read it but not change it (spread into the admin's table, strings.ts). */
export const roleStrings = {
  'product.readOnly': 'Your role may read products but not change them.',
  'images.readOnlyAlt': 'Alt text: {alt}',
  'images.readOnlyVariants': 'Shown for: {skus}',
  'images.wholeProduct': 'the whole product',
};
