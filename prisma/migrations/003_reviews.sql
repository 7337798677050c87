-- Reviews and what decides who may write one. `purchase`: each order's newest version (customer,
-- status, products), projected from ORDER versions; a customer may review a product once one of
-- their orders containing it is delivered (or completed). `review`: each review's newest
-- version. Both keep the version they came from, like every projected row.
CREATE TABLE purchase (
  tenant        text    NOT NULL,
  order_code    text    NOT NULL,
  version       integer NOT NULL,
  customer      text    NOT NULL,
  status        text    NOT NULL,
  product_codes text[]  NOT NULL,
  PRIMARY KEY (tenant, order_code)
);
CREATE INDEX purchase_customer ON purchase (tenant, customer);

CREATE TABLE review (
  tenant        text        NOT NULL,
  code          text        NOT NULL,
  version       integer     NOT NULL,
  product_code  text        NOT NULL,
  customer      text        NOT NULL,
  rating        smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title         text        NOT NULL,
  body          text        NOT NULL,
  hidden        boolean     NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (tenant, code)
);
CREATE INDEX review_product ON review (tenant, product_code, created_at DESC, code);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['purchase', 'review'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_fence ON %I TO shopstream_tenant USING (tenant = current_setting(''app.tenant'', true)) WITH CHECK (tenant = current_setting(''app.tenant'', true))', t);
    EXECUTE format('CREATE POLICY platform ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
