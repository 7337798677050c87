/**
 * Entity type of a person's account in a shop: whether they may act (status) and what they may
 * do (roles). Its code is the token subject's key part (`keys.userKeyPart(sub)`), so the guard
 * finds it from a verified token alone.
 */
export const ACCOUNT_ENTITY = 'ACCOUNT';
