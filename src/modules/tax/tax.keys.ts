import { sortKey } from '../../core/keys';

/** Entity type of a tax rate; its code is the admin's (`DE-STD`). */
export const TAX_RATE_ENTITY = 'TAXRATE';

/** One active rate per country, region and tax class: the claim its create or reactivation puts. */
export const taxRateClaimKey = (country: string, region: string | undefined, taxClass: string) => sortKey('TAXRATEKEY', country, region ?? 'ALL', taxClass);
