/**
 * EU VAT ids, for the reverse charge: an EU business buying from a shop in another EU country
 * pays no VAT when it gives a VAT id of the destination country. Only the format is checked
 * here (VIES, the EU's online check, is a third party this project does not call).
 */
export const EU_COUNTRIES: readonly string[] = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

export function isEuCountry(country: string): boolean {
  return EU_COUNTRIES.includes(country.toUpperCase());
}

/** The formats of the number after the country prefix (Greece's prefix is EL). */
const FORMATS: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

/** Upper case, without spaces, dots and dashes. */
export function normalizeVatId(vatId: string): string {
  return vatId.toUpperCase().replace(/[\s.-]/g, '');
}

/** The VAT id prefix of a country (Greece: EL). */
function prefixOf(country: string): string {
  return country.toUpperCase() === 'GR' ? 'EL' : country.toUpperCase();
}

/** Why `vatId` is not a VAT id of `country`, or nothing when its format is right. */
export function vatIdProblem(vatId: string, country: string): string | undefined {
  if (!isEuCountry(country)) return `VAT ids are checked for EU countries only, not ${country}`;
  const id = normalizeVatId(vatId);
  const prefix = prefixOf(country);
  if (!id.startsWith(prefix)) return `must start with ${prefix}, the prefix of ${country.toUpperCase()}`;
  if (!FORMATS[prefix].test(id.slice(2))) return `is not in the format of a ${country.toUpperCase()} VAT id`;
  return undefined;
}
