-- Wishlists: each customer's saved variants (the newest version of their WISHLIST entity), with
-- whether they want a mail when a SKU is back in stock, and where to send it.
CREATE TABLE wishlist (
  tenant    text    NOT NULL,
  customer  text    NOT NULL,
  version   integer NOT NULL,
  email     text,
  PRIMARY KEY (tenant, customer)
);

CREATE TABLE wish (
  tenant    text        NOT NULL,
  customer  text        NOT NULL,
  sku       text        NOT NULL,
  notify    boolean     NOT NULL,
  added_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant, customer, sku)
);
CREATE INDEX wish_sku ON wish (tenant, sku) WHERE notify;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['wishlist', 'wish'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_fence ON %I TO shopstream_tenant USING (tenant = current_setting(''app.tenant'', true)) WITH CHECK (tenant = current_setting(''app.tenant'', true))', t);
    EXECUTE format('CREATE POLICY platform ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
