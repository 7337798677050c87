/**
 * The storefront's strings, English first; another language is a `Partial<Strings>` table beside it.
 * Each area keeps its own table under strings/ (spread in here), so pages grow without touching
 * one another's lines.
 */
import { translator } from '../../shared/i18n';
import { account } from './strings/account';
import { cart } from './strings/cart';
import { catalog } from './strings/catalog';
import { checkoutStrings } from './strings/checkout';
import { images } from './strings/images';
import { storegaps } from './strings/storegaps';

const en = {
  'app.skip': 'Skip to content',
  'app.loading': 'Loading the shop…',
  'app.unknownShop': 'This address does not belong to a shop.',
  'app.unknownShopHint': 'Check the address, or open the storefront with ?shop=<shop code>.',
  'nav.label': 'Shop',
  'nav.home': 'Home',
  'nav.catalog': 'All products',
  'nav.cart': 'Cart',
  'nav.account': 'Account',
  'nav.signIn': 'Sign in',
  'search.label': 'Search products',
  'search.submit': 'Search',
  'theme.toDark': 'Dark theme',
  'theme.toLight': 'Light theme',
  'common.notFound': 'Page not found',
  ...catalog,
  ...cart,
  ...account,
  ...checkoutStrings,
  ...images,
  ...storegaps,
};

export type Strings = typeof en;
export const t = translator<Strings>({ en }, navigator.language.split('-')[0]);
