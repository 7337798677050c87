/** Product images in lists: the wishlist's products no longer sold. */
export const images = {
  'account.wishesUnavailable': 'No longer available',
};
