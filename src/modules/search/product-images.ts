import type { MEDIA_ENTITY as MediaEntityType, MediaAttributes } from '../media';
import { CommandItem } from '../../core/entity';
import { TenantScope } from '../../read-model/read-model';

/**
 * The MEDIA entity's type. Checked against media's own constant by the compiler, but not
 * imported as a value: media's index.ts loads the media function's sharp, which the read-model
 * bundle must not carry.
 */
export const MEDIA: typeof MediaEntityType = 'MEDIA';

/** A product's primary image as the read model keeps it (rendition object keys; the API makes them URLs). */
export interface StoredImage {
  alt: string;
  width: number;
  height: number;
  renditions: { width: number; format: string; key: string }[];
}

/**
 * Image versions, many at once: each `media_image` row moves only to a higher version (a reorder
 * writes one version per image, a delete one marked `deleted`), then the owning products'
 * primary image is derived again from the rows.
 */
export async function projectImages(scope: TenantScope, commands: CommandItem[]): Promise<void> {
  const newest = new Map<string, CommandItem<MediaAttributes>>();
  for (const command of commands as unknown as CommandItem<MediaAttributes>[]) {
    if ((newest.get(command.code)?.version ?? 0) < command.version) newest.set(command.code, command);
  }
  if (newest.size === 0) return;
  const rows = [...newest.values()].map(({ code, version, attributes: a }) => {
    const image: StoredImage = { alt: a.alt, width: a.width, height: a.height, renditions: a.renditions.map((r) => ({ width: r.width, format: r.format, key: r.key })) };
    return { id: code, version, ownerKind: a.ownerKind, ownerCode: a.ownerCode, position: a.position, deleted: a.deleted === true, image, variantSkus: a.variantSkus ?? [] };
  });
  await scope.inEveryGeneration(async () => {
    const applied = await scope.query<{ owner_code: string }>(
      `INSERT INTO media_image (tenant, id, version, owner_kind, owner_code, position, deleted, image, variant_skus)
       SELECT $1, r.id, r.version, r."ownerKind", r."ownerCode", r.position, r.deleted, r.image, r."variantSkus"
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, version integer, "ownerKind" text, "ownerCode" text, position integer, deleted boolean, image jsonb, "variantSkus" text[])
       ON CONFLICT (tenant, id) DO UPDATE SET version = excluded.version, owner_kind = excluded.owner_kind, owner_code = excluded.owner_code,
         position = excluded.position, deleted = excluded.deleted, image = excluded.image, variant_skus = excluded.variant_skus
       WHERE media_image.version < excluded.version
       RETURNING owner_code`,
      [scope.tenant, JSON.stringify(rows)],
    );
    const products = rows.filter((r) => r.ownerKind === 'product' && applied.some((a) => a.owner_code === r.ownerCode)).map((r) => r.ownerCode);
    if (products.length) await refreshPrimaryImage(scope, [...new Set(products)]);
  });
}

/** `product.image`: the product's first live image by position (then id, as the staff's list orders them), or null. */
export async function refreshPrimaryImage(scope: TenantScope, codes: string[]): Promise<void> {
  await scope.query(
    `UPDATE product p SET image = (
       SELECT m.image FROM media_image m
        WHERE m.tenant = p.tenant AND m.owner_kind = 'product' AND m.owner_code = p.code AND NOT m.deleted
        ORDER BY m.position, m.id LIMIT 1)
     WHERE p.tenant = $1 AND p.code = ANY($2::text[])`,
    [scope.tenant, codes],
  );
}
