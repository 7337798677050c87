import { PgDb } from '../../src/read-model/pg.db';
import { PgliteDb } from '../../src/read-model/pglite.db';
import { SqlDb } from '../../src/read-model/sql';
import { startPostgres } from '../../scripts/lib/postgres';
import { ReadModel } from '../../src/read-model/read-model';
import { runSearch } from '../../src/modules/search/search.service';
import { projectEntity } from '../../src/modules/search/catalog.projection';
import { CommandItem } from '../../src/core/entity';

/**
 * Two fences keep tenants apart in the read model: every repository query names the scope's
 * tenant, and Row Level Security (forced, on a transaction-local `app.tenant`, under a role
 * that cannot bypass it) refuses whatever a query forgets. Both are checked on PGlite (local) and
 * on a real PostgreSQL 16 over the wire with `pg`, the path Aurora takes in AWS, as a database
 * owner with CREATEROLE and no superuser, like Aurora's master user.
 */
function product(tenant: string, code: string, name: string, version = 1): CommandItem {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toISOString();
  return {
    pk: `TENANT#${tenant}`,
    sk: `PRODUCT#${code}@${version}`,
    entitySk: `PRODUCT#${code}`,
    type: 'PRODUCT',
    code,
    tenantCode: tenant,
    version,
    name,
    attributes: { sku: `${code}-1`, price: { amount: 1000, currency: 'EUR' }, options: [], variants: [{ sku: `${code}-1`, options: {}, weightGrams: 0, taxClass: 'standard', active: true }], categoryCodes: [], images: [], active: true },
    issuedAt: at,
    issuedBy: 'test',
    requestId: 'r',
    source: 'test',
  };
}

const backends: [string, () => Promise<{ db: SqlDb; stop: () => Promise<void> }>][] = [
  ['PGlite', async () => ({ db: await PgliteDb.open(), stop: async () => undefined })],
  [
    'PostgreSQL 16 (the Aurora path)',
    async () => {
      const server = await startPostgres();
      return { db: await PgDb.connect(server.pool), stop: server.stop };
    },
  ],
];

describe.each(backends)('read-model tenant fences on %s', (_backend, open) => {
  let model: ReadModel;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await open();
    stop = opened.stop;
    model = await ReadModel.open(opened.db);
    await model.forTenant('shopa', (scope) => projectEntity(scope, product('shopa', 'LAMP', 'Desk lamp')));
    await model.forTenant('shopb', (scope) => projectEntity(scope, product('shopb', 'LAMP', 'Floor lamp')));
    await model.forTenant('shopb', (scope) => projectEntity(scope, product('shopb', 'RUG', 'Wool rug')));
  });
  afterAll(async () => {
    await model.close();
    await stop();
  });

  const search = (tenant: string, q?: string) => model.forTenant(tenant, (scope) => runSearch(scope, { ...(q ? { q } : {}), options: [], sort: 'relevance', limit: 100 }));

  it('the repository: a search sees only the scope tenant\'s products', async () => {
    expect((await search('shopa')).items.map((i) => i.name)).toEqual(['Desk lamp']);
    expect((await search('shopa', 'rug')).items).toEqual([]);
    expect((await search('shopb', 'lamp')).items.map((i) => i.name)).toEqual(['Floor lamp']);
    expect((await search('shopc')).total).toBe(0);
  });

  it('Row Level Security: a query without a tenant condition still sees only the scope tenant\'s rows', async () => {
    const rows = await model.forTenant('shopa', (scope) => scope.query<{ tenant: string; name: string }>('SELECT tenant, name FROM product ORDER BY name'));
    expect(rows).toEqual([{ tenant: 'shopa', name: 'Desk lamp' }]);
    const asking = await model.forTenant('shopa', (scope) => scope.query<{ n: number }>(`SELECT count(*)::int AS n FROM product WHERE tenant = 'shopb'`));
    expect(asking).toEqual([{ n: 0 }]);
    const variants = await model.forTenant('shopb', (scope) => scope.query<{ tenant: string }>('SELECT DISTINCT tenant FROM variant'));
    expect(variants).toEqual([{ tenant: 'shopb' }]);
  });

  it('Row Level Security: writing, changing or deleting another tenant\'s rows is refused or touches nothing', async () => {
    // The projection writes under the scope's tenant whatever a record says (fence one)...
    await model.forTenant('shopa', (scope) => projectEntity(scope, product('shopb', 'PLANT', 'Planted', 1)));
    expect((await search('shopb')).items.map((i) => i.name)).not.toContain('Planted');
    // ...and a statement that names another tenant is refused (fence two).
    await expect(
      model.forTenant('shopa', (scope) => scope.query(`INSERT INTO category (tenant, code, version, name, slug, active) VALUES ('shopb', 'x', 1, 'X', 'x', true)`)),
    ).rejects.toThrow(/row-level security/);
    const changed = await model.forTenant('shopa', (scope) => scope.query(`UPDATE product SET name = 'Defaced' WHERE tenant = 'shopb' RETURNING code`));
    expect(changed).toEqual([]);
    const deleted = await model.forTenant('shopa', (scope) => scope.query(`DELETE FROM product WHERE tenant = 'shopb' RETURNING code`));
    expect(deleted).toEqual([]);
    expect((await search('shopb')).items.map((i) => i.name).sort()).toEqual(['Floor lamp', 'Wool rug']);
  });

  it('Row Level Security: the tenant setting ends with its transaction, and the tenant role cannot turn the fence off', async () => {
    // Outside a tenant transaction the role and setting are gone; a bare query as the tenant role sees nothing.
    const { active } = (await model.generations())!;
    await model.forTenant('shopa', async () => undefined);
    const bare = await model.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('search_path', $1, true)`, [active]);
      await tx.exec('SET LOCAL ROLE shopstream_tenant');
      return tx.query(`SELECT code, current_setting('app.tenant', true) AS tenant FROM product`);
    });
    expect(bare).toEqual([]);
    await expect(model.forTenant('shopa', (scope) => scope.query('ALTER TABLE product DISABLE ROW LEVEL SECURITY'))).rejects.toThrow(/owner/);
    await expect(model.forTenant('shopa', (scope) => scope.query('DROP POLICY tenant_fence ON product'))).rejects.toThrow(/owner/);
  });

  it('a newer version replaces a row; an older or the same one changes nothing', async () => {
    await model.forTenant('shopa', (scope) => projectEntity(scope, product('shopa', 'LAMP', 'Desk lamp v3', 3)));
    await model.forTenant('shopa', (scope) => projectEntity(scope, product('shopa', 'LAMP', 'Desk lamp v2', 2)));
    await model.forTenant('shopa', (scope) => projectEntity(scope, product('shopa', 'LAMP', 'Desk lamp v3 again', 3)));
    expect((await search('shopa', 'desk')).items.map((i) => i.name)).toEqual(['Desk lamp v3']);
  });
});
