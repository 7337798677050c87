import { Attributes, CommandItem, EntityRecord } from './entity';

/**
 * Names the fields of a view that only staff may see (who changed what). A symbol key: object
 * spread copies it (`{ ...entityView(c), redeemed }` keeps it) and JSON never shows it. The
 * HTTP layer drops those fields for every other caller (src/http/staff-only-fields.interceptor.ts).
 */
export const STAFF_ONLY_FIELDS: unique symbol = Symbol('staff-only fields');

/**
 * What the API returns for an entity: code, version and attributes. Never the storage keys
 * (`pk`, `sk`, index keys, TTL): they are the tables' business, not a stable API.
 */
export interface EntityView<A = Attributes> {
  code: string;
  version: number;
  name?: string;
  attributes: A;
  updatedAt: string;
  /** Staff only. */
  updatedBy: string;
  createdAt?: string;
  [STAFF_ONLY_FIELDS]: readonly string[];
}

export function entityView<A>(record: EntityRecord<A> | CommandItem<A>): EntityView<A> {
  const isCommand = 'entitySk' in record;
  return {
    code: record.code,
    version: record.version,
    ...(record.name !== undefined ? { name: record.name } : {}),
    attributes: record.attributes,
    updatedAt: isCommand ? record.issuedAt : record.updatedAt,
    updatedBy: isCommand ? record.issuedBy : record.updatedBy,
    ...(!isCommand ? { createdAt: record.createdAt } : {}),
    [STAFF_ONLY_FIELDS]: ['updatedBy'],
  };
}
