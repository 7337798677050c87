import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync } from 'node:fs';

/** One response the test suite saw, as TestSystem.request received it. */
export interface RecordedResponse {
  method: string;
  /** The request path, with its query string. */
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
  /** The caller was staff (a tenant or system admin's token): only staff may see `updatedBy`/`createdBy`. */
  staff?: boolean;
}

/** Storage-only attributes (keys, index keys, TTL, the command's entity key): never in a response. */
const STORAGE_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'entitySk', 'expiresAt']);
/** Who changed what: staff only. */
const STAFF_ONLY_ATTRIBUTES = new Set(['updatedBy', 'createdBy']);

/**
 * What a response body must never show, at any depth: a storage attribute, a storage key's
 * value (`TENANT#...`), and, to anyone but staff, who changed what.
 */
export function internalsIn(body: unknown, staff: boolean, at = ''): string[] {
  if (typeof body === 'string') return body.includes('TENANT#') ? [`${at || '/'} holds a storage key (${body.slice(0, 80)})`] : [];
  if (Array.isArray(body)) return body.flatMap((item, index) => internalsIn(item, staff, `${at}/${index}`));
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, value]) => [
    ...(STORAGE_ATTRIBUTES.has(key) ? [`${at}/${key} is a storage attribute`] : []),
    ...(!staff && STAFF_ONLY_ATTRIBUTES.has(key) ? [`${at}/${key} is for staff only`] : []),
    ...internalsIn(value, staff, `${at}/${key}`),
  ]);
}

export interface ContractResult {
  validated: number;
  /** Not JSON (the docs UI), or no documented operation (an unknown route's 404). */
  skipped: number;
  failures: string[];
  /** How many responses of each `METHOD /template status` were checked. */
  seen: Record<string, number>;
}

type Json = Record<string, unknown>;
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> }>>;
  components?: { schemas?: Record<string, Json> };
}

const DOCUMENT_ID = 'https://shopstream.local/openapi.json';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * The OpenAPI document as JSON Schema, checked against real responses: the response of an
 * operation must have a documented status, and its body must match that status's schema, with
 * no property that schema does not declare (see toJsonSchema). And no JSON response, documented
 * or not, may show internals (internalsIn).
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly templates: { method: string; template: string; pattern: RegExp; params: number }[] = [];
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    const definitions: Json = {};
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) definitions[name] = toJsonSchema(schema);
    this.ajv.addSchema({ $id: DOCUMENT_ID, definitions });
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        if (!METHODS.has(method)) continue;
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('');
        this.templates.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}/?$`), params: (template.match(/\{/g) ?? []).length });
      }
    }
  }

  /** The documented operation (method and path template) a request went to, if any. */
  operationOf(method: string, path: string): string | undefined {
    const pathOnly = path.split('?')[0]!;
    const matches = this.templates.filter((t) => t.method === method.toUpperCase() && t.pattern.test(pathOnly));
    // A literal segment wins over a parameter.
    matches.sort((a, b) => a.params - b.params);
    return matches[0]?.template;
  }

  check(responses: readonly RecordedResponse[]): ContractResult {
    const result: ContractResult = { validated: 0, skipped: 0, failures: [], seen: {} };
    for (const response of responses) {
      const isJson = /\bjson\b/i.test(response.contentType ?? '');
      const template = this.operationOf(response.method, response.path);
      // The document itself names the fields it describes.
      const internals = isJson && !response.path.startsWith('/docs') ? internalsIn(response.body, response.staff ?? false) : [];
      if (internals.length) result.failures.push(`${response.method} ${response.path} -> ${response.status}${response.staff ? '' : ' (not staff)'}: shows internals: ${internals.join('; ')}`);
      if (!template || (!isJson && response.body !== undefined)) {
        result.skipped++;
        continue;
      }
      const problem = this.problemOf(response, template);
      result.validated++;
      const seenKey = `${response.method} ${template} ${response.status}`;
      result.seen[seenKey] = (result.seen[seenKey] ?? 0) + 1;
      if (problem) result.failures.push(`${response.method} ${response.path} -> ${response.status} (operation ${response.method} ${template}): ${problem}`);
    }
    return result;
  }

  private problemOf(response: RecordedResponse, template: string): string | undefined {
    const operation = this.document.paths[template]![response.method.toLowerCase()]!;
    const documented = operation.responses?.[String(response.status)] ?? operation.responses?.[`${String(response.status)[0]}XX`] ?? operation.responses?.default;
    if (!documented) return `status ${response.status} is not documented (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`;
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return response.body === undefined ? undefined : `status ${response.status} has a body but no documented schema`;
    const validate = this.validatorFor(`${response.method} ${template} ${response.status}`, schema);
    if (validate(response.body)) return undefined;
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    return `body does not match its schema: ${errors.join('; ')}; body: ${JSON.stringify(response.body).slice(0, 500)}`;
  }

  private validatorFor(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/**
 * OpenAPI 3.0 schema object -> JSON Schema (draft 7, what Ajv reads): component references
 * point at the document's definitions, `nullable` becomes a `null` type. Keywords only OpenAPI
 * knows (example, xml, ...) are left for Ajv to ignore (strict: false).
 *
 * Strict: an object schema that declares `properties` and says nothing of
 * `additionalProperties` gets `additionalProperties: false`, so a field the document does not
 * promise fails the check. Free-form maps (no `properties`, or an `additionalProperties` of
 * their own, such as ErrorResponse's details) keep what they say.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Json;
  const converted: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      converted.$ref = `${DOCUMENT_ID}#/definitions/${value.slice('#/components/schemas/'.length)}`;
    } else if (key === 'properties' && value && typeof value === 'object') {
      converted.properties = Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, toJsonSchema(property)]));
    } else if (key === 'example' || key === 'examples') {
      converted[key] = value;
    } else {
      converted[key] = toJsonSchema(value);
    }
  }
  if (source.properties && typeof source.properties === 'object' && !('additionalProperties' in source)) converted.additionalProperties = false;
  if (source.nullable !== true) return converted;
  // A nullable reference (@nestjs/swagger writes `nullable, type: object, allOf: [$ref]`): the object or null.
  if (Array.isArray(converted.allOf)) return { anyOf: [converted, { type: 'null' }] };
  if (typeof converted.type === 'string') {
    const nullableType: Json = { ...converted, type: [converted.type, 'null'] };
    if (Array.isArray(converted.enum)) nullableType.enum = [...converted.enum, null];
    return nullableType;
  }
  return { anyOf: [converted, { type: 'null' }] };
}

/** When OPENAPI_CONTRACT_LOG names a file, each checked run appends one line of counts to it. */
export function logContractResult(result: ContractResult): void {
  const file = process.env.OPENAPI_CONTRACT_LOG;
  if (!file) return;
  const testFile = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath ?? 'unknown';
  appendFileSync(file, `${JSON.stringify({ testFile, validated: result.validated, skipped: result.skipped, failures: result.failures.length, seen: result.seen })}\n`);
}
