/** Entity type of a customer's profile and address book; its code is the token subject's key part (`keys.userKeyPart`). */
export const CUSTOMER_ENTITY = 'CUSTOMER';
