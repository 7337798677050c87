-- Customers for staff (GET /customers). `customer_listing`: one row per customer of a shop (their
-- key part, the `id` of GET /me): the profile's fields from CUSTOMER versions (`profile_version`
-- 0: no profile, a customer known from their orders only) and their order facts, recomputed from
-- their `purchase` rows whenever one of their orders is projected. `purchase` gains the key part
-- of the order's customer (the claimer of a claimed guest order; null for a guest's).
ALTER TABLE purchase ADD COLUMN customer_part text;
CREATE INDEX purchase_customer_part ON purchase (tenant, customer_part) WHERE customer_part IS NOT NULL;

CREATE TABLE customer_listing (
  tenant             text        NOT NULL,
  code               text        NOT NULL,
  customer_id        text        NOT NULL,
  profile_version    integer     NOT NULL DEFAULT 0,
  name               text,
  email              text,
  status             text        NOT NULL DEFAULT 'active',
  marketing_consent  boolean     NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL,
  orders             integer     NOT NULL DEFAULT 0,
  lifetime_value     jsonb       NOT NULL DEFAULT '{}',
  lifetime_total     bigint      NOT NULL DEFAULT 0,
  last_order_code    text,
  last_order_at      timestamptz,
  PRIMARY KEY (tenant, code)
);
CREATE INDEX customer_listing_created ON customer_listing (tenant, created_at DESC, code DESC);
CREATE INDEX customer_listing_last_order ON customer_listing (tenant, (coalesce(last_order_at, '-infinity'::timestamptz)) DESC, code DESC);
CREATE INDEX customer_listing_lifetime ON customer_listing (tenant, lifetime_total DESC, code DESC);
CREATE INDEX customer_listing_text ON customer_listing USING gin ((lower(coalesce(name, '') || ' ' || coalesce(email, ''))) gin_trgm_ops);

ALTER TABLE customer_listing ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_listing FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_fence ON customer_listing TO shopstream_tenant USING (tenant = current_setting('app.tenant', true)) WITH CHECK (tenant = current_setting('app.tenant', true));
CREATE POLICY platform ON customer_listing TO CURRENT_USER USING (true) WITH CHECK (true);
