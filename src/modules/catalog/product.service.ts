import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { CommandItem, EntityRecord, Page } from '../../core/entity';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import { Money } from '../../core/money';
import { PageRequest } from '../../core/pagination';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { TenantDirectory } from '../tenant/tenant.directory';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { PRODUCT_ENTITY } from './product.keys';
import { ProductAttributes } from './product.model';

/** The catalog's products: tenant admins write them, everyone of the tenant reads the active ones. */
@Injectable()
export class ProductService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
    private readonly tenants: TenantDirectory,
  ) {}

  async create(ctx: TenantContext, dto: CreateProductDto) {
    const { code, name, ...rest } = dto;
    await this.assertShopCurrency(ctx, rest.price);
    const attributes: ProductAttributes = { ...rest, images: rest.images ?? [], active: rest.active ?? true };
    return this.commands.publish(ctx, { type: PRODUCT_ENTITY, code, name, attributes }, { expectedVersion: 0 });
  }

  async update(ctx: TenantContext, code: string, dto: UpdateProductDto) {
    const { expectedVersion, name, ...changes } = dto;
    if (changes.price) await this.assertShopCurrency(ctx, changes.price);
    return this.commands.update<ProductAttributes>(ctx, PRODUCT_ENTITY, code, expectedVersion, (current) => ({
      name: name ?? current.name,
      attributes: { ...current.attributes, ...changes },
    }));
  }

  /**
   * The newest version, even before the stream applied it: what an admin just wrote, and what
   * orders are priced from. Customers never learn that an inactive product exists.
   */
  async get(ctx: TenantContext, code: string): Promise<CommandItem<ProductAttributes>> {
    const product = await this.commands.getLatest<ProductAttributes>(ctx, PRODUCT_ENTITY, code);
    if (!product || (!product.attributes.active && !hasRole(ctx, 'tenant-admin'))) throw new NotFoundError('product', code);
    return product;
  }

  /** Lags the stream by the time it takes to apply the newest commands. */
  async list(ctx: TenantContext, page: PageRequest, active?: boolean): Promise<Page<EntityRecord<ProductAttributes>>> {
    const onlyActive = hasRole(ctx, 'tenant-admin') ? active : true;
    return this.data.list<ProductAttributes>(ctx, PRODUCT_ENTITY, {
      ...page,
      where: onlyActive === undefined ? undefined : { 'attributes.active': onlyActive },
    });
  }

  /** A shop sells in one currency: a price in another could never be ordered. */
  private async assertShopCurrency(ctx: TenantContext, price: Money): Promise<void> {
    const currency = (await this.tenants.find(ctx.tenantCode))?.attributes.currency;
    if (currency && price.currency !== currency) {
      throw new ValidationFailedError([{ field: 'price.currency', problem: `must be the shop currency ${currency}` }]);
    }
  }
}
