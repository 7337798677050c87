-- The staff's product list (GET /products with a filter or a sort). `product` gains its stock as
-- the list filters and sorts by it: the units available over its active variants and warehouses,
-- and a state (`out`: none available; `low`: some, but a stock row of an active variant is below
-- its low-stock threshold; `in` otherwise), both kept by the catalog projection from the stock rows.
-- One index per sort over every product (the storefront's are partial: active ones only).
ALTER TABLE product
  ADD COLUMN stock_units integer NOT NULL DEFAULT 0,
  ADD COLUMN stock_state text    NOT NULL DEFAULT 'out';

UPDATE product p SET
  stock_units = coalesce((SELECT sum(s.available) FROM variant v JOIN stock s ON s.tenant = v.tenant AND s.sku = v.sku
                          WHERE v.tenant = p.tenant AND v.product_code = p.code AND v.active AND s.available > 0), 0),
  stock_state = CASE
    WHEN NOT p.in_stock THEN 'out'
    WHEN EXISTS (SELECT 1 FROM variant v JOIN stock s ON s.tenant = v.tenant AND s.sku = v.sku
                 WHERE v.tenant = p.tenant AND v.product_code = p.code AND v.active AND s.available < s.low_stock_threshold) THEN 'low'
    ELSE 'in' END;

CREATE INDEX product_list_name ON product (tenant, lower(name), code);
CREATE INDEX product_list_price ON product (tenant, price, code);
CREATE INDEX product_list_updated ON product (tenant, updated_at, code);
CREATE INDEX product_list_stock ON product (tenant, stock_units, code);
