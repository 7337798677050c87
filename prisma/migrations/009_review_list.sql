-- The staff's review list (GET /reviews): every review of a shop, newest first, whatever its
-- product; the status and rating filters are checked per row along this index.
CREATE INDEX review_created ON review (tenant, created_at DESC, code DESC);
