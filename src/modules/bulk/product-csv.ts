import { CsvRow, CsvSyntaxError, parseCsv } from '../../core/csv';
import { CURRENCY_CODES, MAX_MONEY_AMOUNT, Money } from '../../core/money';
import { textProblem } from '../../http/plain-text';
import { CODE_MESSAGE, CODE_PATTERN } from '../../http/codes';
import { MAX_CATEGORY_DEPTH } from '../catalog';
import type { ProductAttributes } from '../catalog';

/**
 * The products CSV, one row per variant (docs/import-export.md): what an export writes and an
 * import reads, so an exported file imported again changes nothing. Lists inside a field are
 * separated by `|`; options and stock are `name=value` pairs.
 */
export const PRODUCT_COLUMNS = [
  'product_code',
  'product_name',
  'description',
  'category_codes',
  'active',
  'options',
  'sku',
  'price',
  'currency',
  'compare_at_price',
  'weight_grams',
  'tax_class',
  'variant_active',
  'stock',
] as const;
/**
 * What an import reads besides the export's columns: `category_path`, categories by name
 * (`Clothing > Shirts|Sale`), created when the shop lacks them (an export names categories by code).
 */
export const IMPORT_COLUMNS = [...PRODUCT_COLUMNS, 'category_path'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly Column[] = ['product_code', 'product_name', 'sku', 'price', 'currency'];
/** The same limits as the product routes (CreateProductDto, ChangeStockDto). */
const LIMITS = { name: 200, description: 5000, categories: 10, options: 5, optionText: 50, variants: 50, weight: 1_000_000, units: 10_000_000 };
const TAX_CLASS = /^[a-z][a-z0-9_-]{0,31}$/;

export interface RowProblem {
  /** The row in the file, the header being row 1 (as a spreadsheet numbers it). */
  row: number;
  column: string;
  reason: string;
}

export interface VariantRow {
  row: number;
  sku: string;
  options: Record<string, string>;
  price: Money;
  compareAtPrice?: Money;
  weightGrams: number;
  taxClass: string;
  active: boolean;
  /** Warehouse → on-hand; absent when the column is empty (stock left as it is). */
  stock?: Record<string, number>;
}

/** One product as the file wants it: its first row's product fields, one variant per row. */
export interface ProductRows {
  code: string;
  name: string;
  description: string;
  categoryCodes: string[];
  /** The `category_path` column: each path's names, root first. */
  categoryPaths: string[][];
  active: boolean;
  optionNames: string[];
  variants: VariantRow[];
}

export interface ParsedProducts {
  /** Data rows in the file. */
  rows: number;
  /** Products every row of which is valid, in the order they first appear. */
  products: ProductRows[];
  /** Every refused row (a product with one refused row is refused whole: its other rows say so). */
  problems: RowProblem[];
  /** Row → product code and SKU as written, for the report. */
  identities: Map<number, { productCode: string; sku: string }>;
}

/** Thrown when the file as a whole cannot be read (not CSV, a missing or unknown column). */
export class FileProblem extends Error {}

/** Reads and checks every row (nothing is looked up: the runner checks the shop's state after). */
export function parseProducts(text: string): ParsedProducts {
  let records: { fields: string[] }[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new FileProblem(`not RFC 4180 CSV: ${error.message}`);
    throw error;
  }
  if (!records.length) throw new FileProblem('the file is empty: the first row must name the columns');
  const header = records[0].fields.map((h) => h.trim());
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) throw new FileProblem(`unknown column ${unknown.join(', ')}; the columns are ${IMPORT_COLUMNS.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new FileProblem(`missing column ${missing.join(', ')}`);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice) throw new FileProblem(`column ${twice} is given twice`);

  const problems: RowProblem[] = [];
  const identities = new Map<number, { productCode: string; sku: string }>();
  const groups = new Map<string, { product: ProductRows; failed: number[]; rows: number[] }>();
  const skuRows = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    const cell = (column: Column) => {
      const at = header.indexOf(column);
      return at < 0 ? '' : (record.fields[at] ?? '').trim();
    };
    identities.set(row, { productCode: cell('product_code'), sku: cell('sku') });
    const rowProblems: RowProblem[] = [];
    const refuse = (column: Column, reason: string) => rowProblems.push({ row, column, reason });
    if (record.fields.length !== header.length) refuse('product_code', `has ${record.fields.length} fields; the header has ${header.length}`);
    const variant = readVariant(row, cell, refuse);
    const product = readProduct(cell, refuse);
    if (variant && skuRows.has(variant.sku)) refuse('sku', `is given twice (row ${skuRows.get(variant.sku)})`);
    else if (variant) skuRows.set(variant.sku, row);
    const code = cell('product_code');
    let group = groups.get(code);
    if (product && variant && !rowProblems.length) {
      if (!group) {
        group = { product: { ...product, code, optionNames: Object.keys(variant.options), variants: [] }, failed: [], rows: [] };
        groups.set(code, group);
      }
      sameProduct(group.product, product, variant, refuse);
      if (!rowProblems.length && group.product.variants.length >= LIMITS.variants) refuse('sku', `a product has at most ${LIMITS.variants} variants`);
      if (!rowProblems.length) group.product.variants.push(variant);
    }
    if (!group) {
      group = { product: { code, name: '', description: '', categoryCodes: [], categoryPaths: [], active: true, optionNames: [], variants: [] }, failed: [], rows: [] };
      groups.set(code, group);
    }
    group.rows.push(row);
    if (rowProblems.length) {
      group.failed.push(row);
      problems.push(...rowProblems);
    }
  });
  const products: ProductRows[] = [];
  for (const { product, failed, rows } of groups.values()) {
    if (!failed.length) {
      products.push(product);
      continue;
    }
    for (const row of rows.filter((r) => !failed.includes(r))) {
      problems.push({ row, column: 'product_code', reason: `product ${product.code} is refused: row ${failed[0]} is` });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows: records.length - 1, products, problems, identities };
}

/** The product fields every row of one product must repeat alike, and the same option names. */
function sameProduct(first: ProductRows, row: Omit<ProductRows, 'code' | 'optionNames' | 'variants'>, variant: VariantRow, refuse: (c: Column, r: string) => void): void {
  if (first.name !== row.name) refuse('product_name', `differs from the product's first row (${first.name})`);
  if (first.description !== row.description) refuse('description', "differs from the product's first row");
  if (first.categoryCodes.join('|') !== row.categoryCodes.join('|')) refuse('category_codes', "differs from the product's first row");
  if (JSON.stringify(first.categoryPaths) !== JSON.stringify(row.categoryPaths)) refuse('category_path', "differs from the product's first row");
  if (first.active !== row.active) refuse('active', "differs from the product's first row");
  const names = Object.keys(variant.options);
  if (names.length !== first.optionNames.length || names.some((n) => !first.optionNames.includes(n))) {
    refuse('options', `must name the same options as the product's first row (${first.optionNames.join(', ') || 'none'})`);
    return;
  }
  const combo = JSON.stringify(first.optionNames.map((n) => variant.options[n]));
  const other = first.variants.find((v) => JSON.stringify(first.optionNames.map((n) => v.options[n])) === combo);
  if (other) refuse('options', `the same option values as row ${other.row}`);
  if (first.variants.length && first.variants[0].price.currency !== variant.price.currency) refuse('currency', "differs from the product's first row");
}

function readProduct(cell: (c: Column) => string, report: (c: Column, r: string) => void): Omit<ProductRows, 'code' | 'optionNames' | 'variants'> | undefined {
  let ok = true;
  const refuse = (column: Column, reason: string) => {
    ok = false;
    report(column, reason);
  };
  const code = cell('product_code');
  if (!CODE_PATTERN.test(code)) refuse('product_code', code ? CODE_MESSAGE : 'is required');
  const name = cell('product_name');
  if (!name) refuse('product_name', 'is required');
  else if (name.length > LIMITS.name) refuse('product_name', `must be at most ${LIMITS.name} characters`);
  else text('product_name', name, false, refuse);
  const description = cell('description');
  if (description.length > LIMITS.description) refuse('description', `must be at most ${LIMITS.description} characters`);
  else text('description', description, true, refuse);
  const categoryCodes = list(cell('category_codes'));
  if (categoryCodes.length > LIMITS.categories) refuse('category_codes', `at most ${LIMITS.categories} categories`);
  const badCategory = categoryCodes.find((c) => !CODE_PATTERN.test(c));
  if (badCategory !== undefined) refuse('category_codes', `${badCategory || '(empty)'}: ${CODE_MESSAGE}`);
  const categoryPaths = paths(cell('category_path'), refuse);
  if (categoryCodes.length + categoryPaths.length > LIMITS.categories) refuse('category_path', `at most ${LIMITS.categories} categories, with category_codes`);
  const active = flag('active', cell('active'), refuse);
  return ok ? { name, description, categoryCodes, categoryPaths, active: active ?? true } : undefined;
}

/** `Clothing > Shirts|Sale` → [['Clothing', 'Shirts'], ['Sale']]: names as a category's (single-line, 1-200), at most MAX_CATEGORY_DEPTH deep. */
function paths(value: string, refuse: (c: Column, r: string) => void): string[][] {
  const out: string[][] = [];
  for (const path of list(value)) {
    const names = path.split('>').map((n) => n.trim());
    if (names.some((n) => !n)) refuse('category_path', `${path || '(empty)'}: names separated by >, none empty`);
    else if (names.length > MAX_CATEGORY_DEPTH) refuse('category_path', `${path}: a category tree is at most ${MAX_CATEGORY_DEPTH} deep`);
    else if (names.some((n) => n.length > LIMITS.name)) refuse('category_path', `${path}: a name has at most ${LIMITS.name} characters`);
    else {
      for (const n of names) text('category_path', n, false, refuse);
      out.push(names);
    }
  }
  return out;
}

function readVariant(row: number, cell: (c: Column) => string, refuse: (c: Column, r: string) => void): VariantRow | undefined {
  let ok = true;
  const no = (column: Column, reason: string) => {
    ok = false;
    refuse(column, reason);
  };
  const sku = cell('sku');
  if (!CODE_PATTERN.test(sku)) no('sku', sku ? CODE_MESSAGE : 'is required');
  const currency = cell('currency');
  if (!CURRENCY_CODES.includes(currency)) no('currency', currency ? 'must be an ISO 4217 currency code such as USD' : 'is required');
  const amount = integer('price', cell('price'), 0, MAX_MONEY_AMOUNT, no, true);
  const compareAt = integer('compare_at_price', cell('compare_at_price'), 0, MAX_MONEY_AMOUNT, no, false);
  if (amount !== undefined && compareAt !== undefined && compareAt < amount) no('compare_at_price', 'must be at least the price');
  const weightGrams = integer('weight_grams', cell('weight_grams'), 0, LIMITS.weight, no, false) ?? 0;
  const taxClass = cell('tax_class') || 'standard';
  if (!TAX_CLASS.test(taxClass)) no('tax_class', 'must be a tax class such as standard or reduced');
  const active = flag('variant_active', cell('variant_active'), no) ?? true;
  const options = pairs('options', cell('options'), no);
  if (options && Object.keys(options).length > LIMITS.options) no('options', `at most ${LIMITS.options} options`);
  for (const [name, value] of Object.entries(options ?? {})) {
    if (name.length > LIMITS.optionText || value.length > LIMITS.optionText) no('options', `names and values have at most ${LIMITS.optionText} characters`);
    text('options', name + value, false, no);
  }
  const stockPairs = pairs('stock', cell('stock'), no);
  let stock: Record<string, number> | undefined;
  if (stockPairs && cell('stock')) {
    stock = {};
    for (const [warehouse, units] of Object.entries(stockPairs)) {
      if (!CODE_PATTERN.test(warehouse)) no('stock', `warehouse ${warehouse}: ${CODE_MESSAGE}`);
      const onHand = integer('stock', units, 0, LIMITS.units, (c, r) => no(c, `${warehouse}: ${r}`), true);
      if (onHand !== undefined) stock[warehouse] = onHand;
    }
  }
  if (!ok || amount === undefined || !options) return undefined;
  return {
    row,
    sku,
    options,
    price: { amount, currency },
    ...(compareAt !== undefined ? { compareAtPrice: { amount: compareAt, currency } } : {}),
    weightGrams,
    taxClass,
    active,
    ...(stock ? { stock } : {}),
  };
}

function text(column: Column, value: string, multiline: boolean, refuse: (c: Column, r: string) => void): void {
  const problem = textProblem(value, multiline);
  if (problem) refuse(column, problem);
}

function list(value: string): string[] {
  return value ? value.split('|').map((v) => v.trim()) : [];
}

function flag(column: Column, value: string, refuse: (c: Column, r: string) => void): boolean | undefined {
  if (value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  refuse(column, 'must be true or false');
  return undefined;
}

function integer(column: Column, value: string, min: number, max: number, refuse: (c: Column, r: string) => void, required: boolean): number | undefined {
  if (value === '') {
    if (required) refuse(column, 'is required');
    return undefined;
  }
  if (!/^-?\d+$/.test(value)) {
    refuse(column, 'must be a whole number (minor units for money: 1999 is 19.99)');
    return undefined;
  }
  const n = Number(value);
  if (n < min || n > max) {
    refuse(column, `must be between ${min} and ${max}`);
    return undefined;
  }
  return n;
}

/** `Size=M|Color=Red` → {Size: 'M', Color: 'Red'}; undefined (refused) when malformed. */
function pairs(column: Column, value: string, refuse: (c: Column, r: string) => void): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const part of list(value)) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    if (at <= 0 || !name || !part.slice(at + 1).trim()) {
      refuse(column, `${part || '(empty)'}: must be name=value pairs separated by |`);
      return undefined;
    }
    if (name in result) {
      refuse(column, `${name} is given twice`);
      return undefined;
    }
    result[name] = part.slice(at + 1).trim();
  }
  return result;
}

/** The rows of a product as an export writes them (with its stock per warehouse). */
export function productRows(code: string, name: string, product: ProductAttributes, stock: Map<string, Record<string, number>>): CsvRow[] {
  return product.variants.map((v) => {
    const price = v.price ?? product.price;
    const levels = stock.get(v.sku);
    return {
      product_code: code,
      product_name: name,
      description: product.description ?? '',
      category_codes: product.categoryCodes.join('|'),
      active: String(product.active),
      options: Object.entries(v.options).map(([k, value]) => `${k}=${value}`).join('|'),
      sku: v.sku,
      price: price.amount,
      currency: price.currency,
      compare_at_price: v.compareAtPrice?.amount,
      weight_grams: v.weightGrams,
      tax_class: v.taxClass,
      variant_active: String(v.active),
      stock: levels ? Object.entries(levels).map(([w, n]) => `${w}=${n}`).join('|') : '',
    };
  });
}
