-- Admin reports. `purchase` gains the order's money (minor units, the order's currency) and
-- when it was placed; `purchase_line` its lines (replaced with each newer version);
-- `payment_refund` what each payment has refunded so far; `cart_state` each cart's newest
-- status and value (abandoned carts); `stock` gains on-hand and the low-stock threshold.
ALTER TABLE purchase
  ADD COLUMN placed_at timestamptz,
  ADD COLUMN currency  text,
  ADD COLUMN subtotal  bigint NOT NULL DEFAULT 0,
  ADD COLUMN discount  bigint NOT NULL DEFAULT 0,
  ADD COLUMN tax       bigint NOT NULL DEFAULT 0,
  ADD COLUMN shipping  bigint NOT NULL DEFAULT 0,
  ADD COLUMN total     bigint NOT NULL DEFAULT 0;
CREATE INDEX purchase_placed ON purchase (tenant, placed_at);

CREATE TABLE purchase_line (
  tenant        text    NOT NULL,
  order_code    text    NOT NULL,
  line          integer NOT NULL,
  product_code  text    NOT NULL,
  sku           text    NOT NULL,
  name          text    NOT NULL,
  quantity      integer NOT NULL,
  revenue       bigint  NOT NULL,
  PRIMARY KEY (tenant, order_code, line)
);

CREATE TABLE payment_refund (
  tenant        text    NOT NULL,
  code          text    NOT NULL,
  version       integer NOT NULL,
  order_code    text    NOT NULL,
  refunded      bigint  NOT NULL,
  currency      text    NOT NULL,
  PRIMARY KEY (tenant, code)
);
CREATE INDEX payment_refund_order ON payment_refund (tenant, order_code);

CREATE TABLE cart_state (
  tenant            text        NOT NULL,
  cart_id           text        NOT NULL,
  version           integer     NOT NULL,
  status            text        NOT NULL,
  total             bigint      NOT NULL,
  currency          text        NOT NULL,
  lines             integer     NOT NULL,
  last_activity_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant, cart_id)
);
CREATE INDEX cart_state_status ON cart_state (tenant, status, last_activity_at);

ALTER TABLE stock
  ADD COLUMN on_hand             integer NOT NULL DEFAULT 0,
  ADD COLUMN low_stock_threshold integer NOT NULL DEFAULT 0;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['purchase_line', 'payment_refund', 'cart_state'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_fence ON %I TO shopstream_tenant USING (tenant = current_setting(''app.tenant'', true)) WITH CHECK (tenant = current_setting(''app.tenant'', true))', t);
    EXECUTE format('CREATE POLICY platform ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
  END LOOP;
END $$;
