import { Injectable } from '@nestjs/common';
import { CommandService } from '../../core/command.service';
import { DataService } from '../../core/data.service';
import { EntityRecord, Page } from '../../core/entity';
import { NotFoundError } from '../../core/errors';
import { PageRequest } from '../../core/pagination';
import { hasRole, TenantContext } from '../../core/tenant-context';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { PRODUCT_ENTITY } from './product.keys';
import { ProductAttributes } from './product.model';

/** The catalog's products: tenant admins write them, everyone of the tenant reads the active ones. */
@Injectable()
export class ProductService {
  constructor(
    private readonly commands: CommandService,
    private readonly data: DataService,
  ) {}

  async create(ctx: TenantContext, dto: CreateProductDto) {
    const { code, name, ...rest } = dto;
    const attributes: ProductAttributes = { ...rest, images: rest.images ?? [], active: rest.active ?? true };
    return this.commands.publish(ctx, { type: PRODUCT_ENTITY, code, name, attributes }, { expectedVersion: 0 });
  }

  async update(ctx: TenantContext, code: string, dto: UpdateProductDto) {
    const { expectedVersion, name, ...changes } = dto;
    return this.commands.update<ProductAttributes>(ctx, PRODUCT_ENTITY, code, expectedVersion, (current) => ({
      name: name ?? current.name,
      attributes: { ...current.attributes, ...changes },
    }));
  }

  /** Customers never learn that an inactive product exists. */
  async get(ctx: TenantContext, code: string): Promise<EntityRecord<ProductAttributes>> {
    const product = await this.data.get<ProductAttributes>(ctx, PRODUCT_ENTITY, code);
    if (!product || (!product.attributes.active && !hasRole(ctx, 'tenant-admin'))) throw new NotFoundError('product', code);
    return product;
  }

  async list(ctx: TenantContext, page: PageRequest, active?: boolean): Promise<Page<EntityRecord<ProductAttributes>>> {
    const onlyActive = hasRole(ctx, 'tenant-admin') ? active : true;
    return this.data.list<ProductAttributes>(ctx, PRODUCT_ENTITY, {
      ...page,
      where: onlyActive === undefined ? undefined : { 'attributes.active': onlyActive },
    });
  }
}
