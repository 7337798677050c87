import { sortKey, sortKeyPrefix } from '../../core/keys';

/** One publishable key of the tenant; its id is derived from the key, so the guard needs one GetItem. */
export const publishableKeyKey = (id: string) => sortKey('PUBLISHABLEKEY', id);
export const publishableKeyPrefix = () => sortKeyPrefix('PUBLISHABLEKEY');

/** How many keys of the tenant are active: the 20-key limit is a condition on it. */
export const activePublishableKeysKey = () => sortKey('PUBLISHABLEKEYS', 'active');
