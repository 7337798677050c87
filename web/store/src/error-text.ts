import { ApiError } from '../../shared/api/errors';
import { t } from './strings';

/** An error the API answered, in words for a shopper (never a raw code): the fields of a 400, a 429, else a general sentence. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) return t('error.tooMany');
  if (error instanceof ApiError && error.status === 400 && error.body.fields?.length) return error.body.fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
  return t('error.generic');
}
