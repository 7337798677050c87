import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { cancellationReasons } from '../../core/dynamo';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { ConflictError, FieldProblem, NotFoundError, ValidationFailedError } from '../../core/errors';
import { Money } from '../../core/money';
import { PageRequest } from '../../core/pagination';
import { isStaff, TenantContext } from '../../core/tenant-context';
import { TenantItemStore, TenantWrite } from '../../core/tenant-item.store';
import { TenantDirectory } from '../tenant';
import { CategoryService } from './category.service';
import { CreateProductDto, ProductVariantDto, UpdateProductDto } from './dto/product.dto';
import { categoryProductKey, PRODUCT_ENTITY, skuClaimKey } from './product.keys';
import { ProductAttributes, withVariants } from './product.model';
import { DEFAULT_TAX_CLASS, ProductOption, ProductVariant } from './variant.model';

/**
 * The catalog's products: tenant admins write them, everyone of the tenant (guests too) reads
 * the active ones. A product has options and variants, each variant a SKU unique in the shop
 * (a claim item written with the product's version); a product made the seed-001 way (one
 * `sku`) is one default variant.
 */
@Injectable()
export class ProductService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly items: TenantItemStore,
    private readonly tenants: TenantDirectory,
    private readonly categories: CategoryService,
  ) {}

  async create(ctx: TenantContext, dto: CreateProductDto) {
    const { code, name, sku, price, compareAtPrice, weightGrams, taxClass, options, variants, categoryCodes, categoryCode, ...rest } = dto;
    if (!sku && !variants) throw new ValidationFailedError([{ field: 'sku', problem: 'give a sku, or variants' }]);
    if (sku && variants) throw new ValidationFailedError([{ field: 'sku', problem: 'give a sku or variants, not both' }]);
    const built = variants
      ? this.variantsOf(options ?? [], variants)
      : { options: [], variants: [{ sku: sku!, options: {}, ...(compareAtPrice ? { compareAtPrice } : {}), weightGrams: weightGrams ?? 0, taxClass: taxClass ?? DEFAULT_TAX_CLASS, active: true }] };
    const attributes: ProductAttributes = {
      ...rest,
      sku: built.variants[0].sku,
      price,
      options: built.options,
      variants: built.variants,
      categoryCodes: categoryCodes ?? (categoryCode ? [categoryCode] : []),
      images: rest.images ?? [],
      active: rest.active ?? true,
    };
    await this.checkPrices(ctx, attributes);
    return this.write(ctx, code, name, attributes);
  }

  async update(ctx: TenantContext, code: string, dto: UpdateProductDto) {
    const { expectedVersion, name, options, variants, categoryCodes, ...changes } = dto;
    const claims: TenantWrite[] = [];
    return this.claimingSkus(ctx, claims, () =>
      this.commands.update<ProductAttributes>(ctx, PRODUCT_ENTITY, code, expectedVersion, async (stored) => {
        const current = { ...stored, attributes: withVariants(stored.attributes) };
        const built = variants ? this.variantsOf(options ?? current.attributes.options, variants) : { options: current.attributes.options, variants: current.attributes.variants };
        const attributes: ProductAttributes = {
          ...current.attributes,
          ...changes,
          options: built.options,
          variants: built.variants,
          sku: built.variants[0].sku,
          ...(categoryCodes ? { categoryCodes } : {}),
        };
        await this.checkPrices(ctx, attributes);
        const writes = await this.writesWith(ctx, code, name ?? current.name, attributes, current);
        claims.push(...writes.claims);
        return { name: name ?? current.name, attributes: writes.attributes, alsoWrite: writes.all };
      }),
    );
  }

  /**
   * The newest version, even before the stream applied it: what an admin just wrote, and what
   * orders are priced from. Customers and guests never learn that an inactive product exists,
   * and see only its active variants.
   */
  async get(ctx: TenantContext, code: string): Promise<CommandItem<ProductAttributes>> {
    const stored = await this.commands.getLatest<ProductAttributes>(ctx, PRODUCT_ENTITY, code);
    const product = stored && { ...stored, attributes: withVariants(stored.attributes) };
    if (!product || (!product.attributes.active && !isStaff(ctx))) throw new NotFoundError('product', code);
    return isStaff(ctx) ? product : { ...product, attributes: shopperView(product.attributes) };
  }

  /** Lags the stream by the time it takes to apply the newest commands. */
  /** The code of the product a SKU belongs to (its claim: one GetItem), or undefined: others ask here rather than read catalog's items. */
  async productOfSku(ctx: TenantContext, sku: string): Promise<string | undefined> {
    return (await this.items.get<{ productCode: string }>(ctx, skuClaimKey(sku)))?.productCode;
  }

  async list(ctx: TenantContext, page: PageRequest, active?: boolean): Promise<Page<EntityRecord<ProductAttributes>>> {
    const admin = isStaff(ctx);
    const onlyActive = admin ? active : true;
    const found = await this.data.list<ProductAttributes>(ctx, PRODUCT_ENTITY, {
      ...page,
      where: onlyActive === undefined ? undefined : { 'attributes.active': onlyActive },
    });
    return { ...found, items: found.items.map((p) => ({ ...p, attributes: admin ? withVariants(p.attributes) : shopperView(withVariants(p.attributes)) })) };
  }

  /** Version 1, with its SKU claims and category listings in the same transaction. */
  private async write(ctx: TenantContext, code: string, name: string | undefined, attributes: ProductAttributes) {
    const writes = await this.writesWith(ctx, code, name, attributes, undefined);
    return this.claimingSkus(ctx, writes.claims, () => this.commands.publish(ctx, { type: PRODUCT_ENTITY, code, name, attributes: writes.attributes }, { expectedVersion: 0, alsoWrite: writes.all }));
  }

  /**
   * What lands with a product version: its SKU claims (taken for new variants, given back for
   * dropped ones) and its category listings (for every category and ancestor, while active).
   */
  private async writesWith(
    ctx: TenantContext,
    code: string,
    name: string | undefined,
    attributes: ProductAttributes,
    previous: CommandItem<ProductAttributes> | undefined,
  ): Promise<{ claims: TenantWrite[]; all: TenantWrite[]; attributes: ProductAttributes }> {
    const before = new Set(previous?.attributes.variants.map((v) => v.sku) ?? []);
    const after = new Set(attributes.variants.map((v) => v.sku));
    const claims: TenantWrite[] = [
      ...[...after].filter((sku) => !before.has(sku)).map((sku): TenantWrite => ({
        put: { sk: skuClaimKey(sku), sku, productCode: code },
        // Reason: a SKU belongs to one product of the shop.
        condition: 'attribute_not_exists(pk) OR productCode = :code',
        values: { ':code': code },
      })),
      ...[...before].filter((sku) => !after.has(sku)).map((sku): TenantWrite => ({ remove: skuClaimKey(sku), condition: 'attribute_not_exists(pk) OR productCode = :code', values: { ':code': code } })),
    ];
    const { listings, categoryPath } = await this.listings(ctx, code, name, attributes, previous);
    // DynamoDB takes at most 100 actions per transaction: the version, its SKU claims and its listings.
    const actions = 1 + claims.length + listings.length;
    if (actions > MAX_TRANSACTION_ACTIONS) {
      throw new ValidationFailedError([{ field: 'variants', problem: `this change needs ${actions} writes (SKUs claimed or released, category listings); at most ${MAX_TRANSACTION_ACTIONS}: split it into smaller changes` }]);
    }
    const { categoryPath: _stale, ...rest } = attributes;
    return { claims, all: [...claims, ...listings], attributes: attributes.active ? { ...rest, categoryPath } : rest };
  }

  /** Runs a publish whose transaction begins with `claims` after the version: a SKU another product holds is a 409 naming both. */
  private async claimingSkus<T>(ctx: TenantContext, claims: TenantWrite[], publish: () => Promise<T>): Promise<T> {
    try {
      return await publish();
    } catch (error) {
      const reasons = cancellationReasons(error);
      // [version, claims..., listings...]
      const taken = reasons ? claims.map((c, i) => ('put' in c && reasons[1 + i] === 'ConditionalCheckFailed' ? (c.put.sku as string) : undefined)).filter((sku): sku is string => !!sku) : [];
      if (!taken.length) throw error;
      const owners = await this.items.getMany<{ productCode: string }>(ctx, taken.map(skuClaimKey));
      throw new ConflictError(`SKU ${taken.map((sku) => `${sku} belongs to product ${owners.get(skuClaimKey(sku))?.productCode ?? '?'}`).join('; ')}`, { skus: taken });
    }
  }

  /**
   * The category listing items this version needs, and the removal of those it no longer does;
   * and the categories with their ancestors (empty for an inactive product).
   */
  private async listings(
    ctx: TenantContext,
    code: string,
    name: string | undefined,
    attributes: ProductAttributes,
    previous: CommandItem<ProductAttributes> | undefined,
  ): Promise<{ listings: TenantWrite[]; categoryPath: string[] }> {
    const problems: FieldProblem[] = [];
    const now = attributes.active ? await this.categories.withAncestors(ctx, attributes.categoryCodes, problems) : [];
    if (problems.length) throw new ValidationFailedError(problems);
    const then = previous?.attributes.active ? await this.categories.withAncestors(ctx, previous.attributes.categoryCodes, []) : [];
    const summary = { productCode: code, name: name ?? code, price: attributes.price, sku: attributes.sku };
    const listings = [
      ...now.map((category): TenantWrite => ({ put: { sk: categoryProductKey(category, code), categoryCode: category, ...summary } })),
      ...then.filter((c) => !now.includes(c)).map((category): TenantWrite => ({ remove: categoryProductKey(category, code) })),
    ];
    return { listings, categoryPath: now };
  }

  /** Options and variants as the shop keeps them, or 400 naming each field that is wrong. */
  private variantsOf(options: ProductOption[], variants: ProductVariantDto[]): { options: ProductOption[]; variants: ProductVariant[] } {
    const problems: FieldProblem[] = [];
    const names = options.map((o) => o.name);
    if (new Set(names).size !== names.length) problems.push({ field: 'options', problem: 'option names must be unique' });
    const seenSkus = new Set<string>();
    const seenCombos = new Set<string>();
    variants.forEach((v, i) => {
      if (seenSkus.has(v.sku)) problems.push({ field: `variants.${i}.sku`, problem: `${v.sku} is given twice` });
      seenSkus.add(v.sku);
      for (const option of options) {
        const value = v.options?.[option.name];
        if (value === undefined) problems.push({ field: `variants.${i}.options.${option.name}`, problem: 'is required' });
        else if (!option.values.includes(value)) problems.push({ field: `variants.${i}.options.${option.name}`, problem: `must be one of ${option.values.join(', ')}` });
      }
      for (const key of Object.keys(v.options ?? {})) {
        if (!names.includes(key)) problems.push({ field: `variants.${i}.options.${key}`, problem: 'is not an option of the product' });
      }
      const combo = JSON.stringify(names.map((n) => v.options?.[n]));
      if (seenCombos.has(combo)) problems.push({ field: `variants.${i}.options`, problem: 'another variant has the same option values' });
      seenCombos.add(combo);
    });
    if (problems.length) throw new ValidationFailedError(problems);
    return {
      options,
      variants: variants.map((v) => ({
        sku: v.sku,
        options: { ...v.options },
        ...(v.price ? { price: v.price } : {}),
        ...(v.compareAtPrice ? { compareAtPrice: v.compareAtPrice } : {}),
        weightGrams: v.weightGrams ?? 0,
        taxClass: v.taxClass ?? DEFAULT_TAX_CLASS,
        active: v.active ?? true,
      })),
    };
  }

  /** Every price in the shop currency (a price in another could never be ordered); compare-at at least the price. */
  private async checkPrices(ctx: TenantContext, product: ProductAttributes): Promise<void> {
    const currency = (await this.tenants.find(ctx.tenantCode))?.attributes.currency;
    const problems: FieldProblem[] = [];
    const inCurrency = (field: string, money: Money | undefined) => {
      if (money && currency && money.currency !== currency) problems.push({ field, problem: `must be the shop currency ${currency}` });
    };
    inCurrency('price.currency', product.price);
    product.variants.forEach((v, i) => {
      inCurrency(`variants.${i}.price.currency`, v.price);
      inCurrency(`variants.${i}.compareAtPrice.currency`, v.compareAtPrice);
      const price = v.price ?? product.price;
      if (v.compareAtPrice && v.compareAtPrice.amount < price.amount) problems.push({ field: `variants.${i}.compareAtPrice`, problem: 'must be at least the price' });
    });
    if (problems.length) throw new ValidationFailedError(problems);
  }
}

const MAX_TRANSACTION_ACTIONS = 100;

/** What shoppers see of a product: its active variants only. */
function shopperView(product: ProductAttributes): ProductAttributes {
  return { ...product, variants: product.variants.filter((v) => v.active) };
}
