import { Injectable } from '@nestjs/common';
import { CommandItem } from '../../core/entity';
import { ShopstreamError } from '../../core/errors';
import { TenantContext } from '../../core/tenant-context';
import { CategoryAttributes, CategoryService } from '../catalog';

/** A category an import's `category_path` names that the shop does not have yet. */
export interface NewCategory {
  code: string;
  name: string;
  parentCode?: string;
  /** The path as written up to this category (`Clothing > Shirts`), for the report. */
  path: string;
}

export interface ResolvedPaths {
  /** Path (its names joined by ` > `) → the code of its last category, existing or new. */
  codes: Map<string, string>;
  /** Path → why it cannot be created (its code or slug belongs to another category). */
  problems: Map<string, string>;
  /** The categories to create, each after its parent. */
  created: NewCategory[];
}

export const pathText = (names: readonly string[]) => names.join(' > ');

/**
 * Turns the names of an import's `category_path` column into category codes: a name is matched
 * among its parent's children whatever its case, so the same file again finds what the first run
 * created; a missing one gets the code and slug of its whole path (`Clothing > Shirts` →
 * `clothing-shirts`), which two categories of the same name under different parents cannot share.
 * One read of the shop's categories per import.
 */
@Injectable()
export class CategoryPaths {
  constructor(private readonly categories: CategoryService) {}

  async resolve(ctx: TenantContext, paths: readonly (readonly string[])[]): Promise<ResolvedPaths> {
    const resolved: ResolvedPaths = { codes: new Map(), problems: new Map(), created: [] };
    if (!paths.length) return resolved;
    const known = await this.categories.list(ctx);
    const byCode = new Map(known.map((c) => [c.code, c]));
    const slugs = new Set(known.map((c) => c.attributes.slug));
    const child = (parentCode: string | undefined, name: string) =>
      known.find((c) => c.attributes.parentCode === parentCode && (c.name ?? c.code).toLowerCase() === name.toLowerCase())?.code ??
      resolved.created.find((c) => c.parentCode === parentCode && c.name.toLowerCase() === name.toLowerCase())?.code;
    for (const names of paths) {
      let parentCode: string | undefined;
      for (let depth = 1; depth <= names.length; depth++) {
        const path = pathText(names.slice(0, depth));
        const name = names[depth - 1];
        let code = child(parentCode, name);
        if (!code) {
          code = pathCode(names.slice(0, depth));
          const holder = byCode.get(code);
          if (!code || holder || slugs.has(code)) {
            resolved.problems.set(pathText(names), taken(path, code, holder));
            break;
          }
          resolved.created.push({ code, name, parentCode, path });
        }
        parentCode = code;
        if (depth === names.length) resolved.codes.set(path, code);
      }
    }
    return resolved;
  }

  /** Creates them in order (parents first). One a racing writer made already with the same name and parent counts as made. */
  async create(ctx: TenantContext, created: readonly NewCategory[]): Promise<void> {
    for (const category of created) {
      try {
        await this.categories.create(ctx, { code: category.code, name: category.name, slug: category.code, ...(category.parentCode ? { parentCode: category.parentCode } : {}) });
      } catch (error) {
        if (!(error instanceof ShopstreamError) || error.status !== 409) throw error;
        const existing = await this.categories.get(ctx, category.code).catch(() => undefined);
        if (!sameCategory(existing, category)) throw error;
      }
    }
  }
}

function sameCategory(existing: CommandItem<CategoryAttributes> | undefined, wanted: NewCategory): boolean {
  return !!existing && existing.name === wanted.name && existing.attributes.parentCode === wanted.parentCode;
}

function taken(path: string, code: string, holder: CommandItem<CategoryAttributes> | undefined): string {
  if (!code) return `${path}: a new category's code is made of its path's letters and digits, and this has none`;
  return `${path}: a new category would be ${code}, and category ${holder?.code ?? 'with that slug'} is another one`;
}

/** `Clothing > Men's shirts` → `clothing-men-s-shirts`: a code and a slug at once (at most 64 characters). */
function pathCode(names: readonly string[]): string {
  return names
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
}
