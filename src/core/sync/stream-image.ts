import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * A stream record's image as a plain item. serverless-offline's stream plugin hands over the
 * SDK's records, in which an empty map attribute (`{"M":{}}` on the wire, as Lambda sends it)
 * has become `{}`, which unmarshall refuses: the map is put back first. (A product variant with
 * `options: {}` made both stream consumers fail locally.)
 */
export function unmarshallImage<T>(image: Record<string, unknown>): T {
  return unmarshall(withEmptyMaps(image) as Record<string, AttributeValue>) as T;
}

function withEmptyMaps(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => withEmptyMaps(v));
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 && key !== 'M') return { M: {} };
  return Object.fromEntries(entries.map(([k, v]) => [k, withEmptyMaps(v, k)]));
}
