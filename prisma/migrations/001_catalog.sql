-- The catalog projection: products, their variants and option values, categories, stock.
-- Applied by src/read-model/migrations.ts into each generation schema (search_path is that
-- schema, then public, where pg_trgm lives). Every table carries the tenant; Row Level
-- Security (forced) holds the role tenant transactions run as, shopstream_tenant, to the
-- transaction's `app.tenant`; the owner (platform work: health, rebuild) has a policy of its own.

CREATE TABLE product (
  tenant        text        NOT NULL,
  code          text        NOT NULL,
  version       integer     NOT NULL,
  name          text        NOT NULL,
  description   text        NOT NULL DEFAULT '',
  active        boolean     NOT NULL,
  category_codes text[]     NOT NULL DEFAULT '{}',
  currency      text        NOT NULL,
  -- The lowest price of the product's active variants, in minor units ("from" price).
  price         bigint      NOT NULL,
  max_price     bigint      NOT NULL,
  -- Some active variant has stock available (derived from the stock rows, kept by the projection).
  in_stock      boolean     NOT NULL DEFAULT false,
  skus          text[]      NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  -- Weighted: name and SKUs A, option values B, description C.
  document      tsvector    NOT NULL,
  PRIMARY KEY (tenant, code)
);
CREATE INDEX product_document ON product USING gin (document);
CREATE INDEX product_price ON product (tenant, price, code) WHERE active;
CREATE INDEX product_newest ON product (tenant, created_at DESC, code) WHERE active;
CREATE INDEX product_name ON product (tenant, lower(name), code) WHERE active;
CREATE INDEX product_categories ON product USING gin (category_codes);

-- One row per variant of the product's newest applied version (keyed by product too, so a SKU
-- moving between products never makes one product's version remove another's row).
CREATE TABLE variant (
  tenant        text    NOT NULL,
  product_code  text    NOT NULL,
  sku           text    NOT NULL,
  options       jsonb   NOT NULL,
  price         bigint  NOT NULL,
  currency      text    NOT NULL,
  active        boolean NOT NULL,
  PRIMARY KEY (tenant, product_code, sku)
);
CREATE INDEX variant_sku ON variant (tenant, sku);

-- Option values of a product's active variants, for filters and facets. `name_key` is the
-- option name in lower case (the filter `option.size` matches the option Size).
CREATE TABLE product_option (
  tenant        text NOT NULL,
  product_code  text NOT NULL,
  name_key      text NOT NULL,
  name          text NOT NULL,
  value         text NOT NULL,
  PRIMARY KEY (tenant, product_code, name_key, value)
);
CREATE INDEX product_option_value ON product_option (tenant, name_key, lower(value));

CREATE TABLE category (
  tenant        text    NOT NULL,
  code          text    NOT NULL,
  version       integer NOT NULL,
  name          text    NOT NULL,
  slug          text    NOT NULL,
  parent_code   text,
  active        boolean NOT NULL,
  PRIMARY KEY (tenant, code)
);

-- Stock of one SKU in one warehouse; `changes` counts every change of the DynamoDB item, so an
-- older image never replaces a newer one.
CREATE TABLE stock (
  tenant        text    NOT NULL,
  sku           text    NOT NULL,
  warehouse     text    NOT NULL,
  available     integer NOT NULL,
  changes       integer NOT NULL,
  PRIMARY KEY (tenant, sku, warehouse)
);

-- What the projection applied last, per tenant: /health reports the lag from it.
CREATE TABLE projection_status (
  tenant          text        NOT NULL PRIMARY KEY,
  last_event_at   timestamptz NOT NULL,
  last_applied_at timestamptz NOT NULL,
  lag_ms          integer     NOT NULL
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['product', 'variant', 'product_option', 'category', 'stock', 'projection_status'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_fence ON %I TO shopstream_tenant USING (tenant = current_setting(''app.tenant'', true)) WITH CHECK (tenant = current_setting(''app.tenant'', true))', t);
    EXECUTE format('CREATE POLICY platform ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
