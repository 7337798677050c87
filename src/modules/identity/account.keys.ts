import { sortKey } from '../../core/keys';

/**
 * Entity type of a person's account in a shop: whether they may act (status) and what they may
 * do (roles). Its code is the token subject's key part (`keys.userKeyPart(sub)`), so the guard
 * finds it from a verified token alone.
 */
export const ACCOUNT_ENTITY = 'ACCOUNT';

/**
 * The data-table counter every removal of an active owner bumps, conditioned on the value read
 * before checking that another active owner remains: two owners demoting each other at once
 * cannot both pass the check (one write fails and re-checks).
 */
export const ownerRemovalsKey = () => sortKey('OWNER_REMOVALS');
