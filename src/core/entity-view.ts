import { Attributes, CommandItem, EntityRecord } from './entity';

/** What the API returns for an entity: keys, code, version and attributes (seed 001's shape). */
export interface EntityView<A = Attributes> {
  pk: string;
  sk: string;
  code: string;
  version: number;
  name?: string;
  attributes: A;
  updatedAt: string;
  updatedBy: string;
  createdAt?: string;
}

export function entityView<A>(record: EntityRecord<A> | CommandItem<A>): EntityView<A> {
  const isCommand = 'entitySk' in record;
  return {
    pk: record.pk,
    sk: isCommand ? record.entitySk : record.sk,
    code: record.code,
    version: record.version,
    ...(record.name !== undefined ? { name: record.name } : {}),
    attributes: record.attributes,
    updatedAt: isCommand ? record.issuedAt : record.updatedAt,
    updatedBy: isCommand ? record.issuedBy : record.updatedBy,
    ...(!isCommand ? { createdAt: record.createdAt } : {}),
  };
}
