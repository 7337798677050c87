/**
 * The shapes the core stores. A command is one version of one entity, written once to the
 * command table; the data table holds the latest applied version; history the superseded ones.
 */
export type Attributes = Record<string, unknown>;

export interface CommandItem<A = Attributes> {
  pk: string;
  /** `<entity sort key>@<version>` */
  sk: string;
  entitySk: string;
  type: string;
  code: string;
  tenantCode: string;
  version: number;
  name?: string;
  attributes: A;
  /** Index keys the data-table record carries (sparse GSIs): built by `keys.indexKeys`. */
  indexes?: IndexKeys;
  /** Epoch seconds after which DynamoDB's TTL may delete this version (and its data/history records). */
  expiresAt?: number;
  /** When and by whom the entity's version 1 was made; carried forward by every version. */
  createdAt?: string;
  createdBy?: string;
  issuedAt: string;
  issuedBy: string;
  requestId: string;
  source: string;
}

/** GSI key attributes of a data-table record (`gsi1pk`, `gsi1sk`, ...), present only when indexed. */
export type IndexKeys = Partial<Record<'gsi1pk' | 'gsi1sk' | 'gsi2pk' | 'gsi2sk', string>>;

export interface EntityRecord<A = Attributes> {
  pk: string;
  sk: string;
  type: string;
  code: string;
  tenantCode: string;
  version: number;
  name?: string;
  attributes: A;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  requestId: string;
  source: string;
  expiresAt?: number;
}

/** What a module hands to CommandService.publish: the entity's new state, not its keys. */
export interface EntityInput<A = Attributes> {
  type: string;
  code: string;
  name?: string;
  attributes: A;
  /** Which secondary indexes this version is listed in (none when absent). */
  indexes?: IndexKeys;
  /**
   * Epoch seconds after which this version may be deleted by TTL, in every table (guest carts).
   * Each version carries its own, so the newest version outlives the older ones.
   */
  expiresAt?: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  cursor?: string;
}
