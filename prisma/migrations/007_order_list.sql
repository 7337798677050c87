-- The staff's order list (GET /orders with filters or a sort). `purchase` gains what the list
-- searches and shows (the customer's email, when the order last changed) and an index per sort
-- (keyset pages: tenant, key, code); `payment_refund` gains each payment's state and when it
-- was made: an order's payment state is its newest payment's.
ALTER TABLE purchase
  ADD COLUMN customer_email text,
  ADD COLUMN updated_at     timestamptz;
CREATE INDEX purchase_list_created ON purchase (tenant, placed_at, order_code);
CREATE INDEX purchase_list_total ON purchase (tenant, total, order_code);
CREATE INDEX purchase_list_status ON purchase (tenant, status, order_code);
CREATE INDEX purchase_list_email ON purchase (tenant, lower(customer_email) text_pattern_ops);

ALTER TABLE payment_refund
  ADD COLUMN state      text,
  ADD COLUMN created_at timestamptz;
CREATE INDEX payment_refund_newest ON payment_refund (tenant, order_code, created_at DESC, code DESC);
