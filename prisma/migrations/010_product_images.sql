-- Product images in the read model, for the storefront's cards and cart lines (GET /search/products
-- hits' `image`). `media_image` keeps the newest applied version of each MEDIA entity (an image of a
-- product or category: its position, alt text, size and renditions' object keys, not URLs: the
-- API builds those from the deployment's media base URL); `product.image` is the product's
-- primary image (its first live image by position, then id), derived by the catalog projection
-- from those rows whenever an image or the product changes, never from the order they came in.
-- Rows of images published before this migration come with the next rebuild.
CREATE TABLE media_image (
  tenant      text    NOT NULL,
  id          text    NOT NULL,
  version     integer NOT NULL,
  owner_kind  text    NOT NULL,
  owner_code  text    NOT NULL,
  position    integer NOT NULL,
  deleted     boolean NOT NULL,
  -- { alt, width, height, renditions: [{ width, format, key }] }
  image       jsonb   NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE INDEX media_image_owner ON media_image (tenant, owner_kind, owner_code, position, id) WHERE NOT deleted;

ALTER TABLE product ADD COLUMN image jsonb;

ALTER TABLE media_image ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_image FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_fence ON media_image TO shopstream_tenant USING (tenant = current_setting('app.tenant', true)) WITH CHECK (tenant = current_setting('app.tenant', true));
CREATE POLICY platform ON media_image TO CURRENT_USER USING (true) WITH CHECK (true);
