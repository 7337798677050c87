-- The SKUs each image is bound to (MEDIA's `variantSkus`, empty for an image of every variant), so a
-- search hit's `variants[].image` is the variant's own first image: a cart or wishlist line of a
-- variant shows the picture of what the shopper chose, not the product's primary image. Rows of
-- images projected before this migration get their SKUs with the image's next version or rebuild.
ALTER TABLE media_image ADD COLUMN variant_skus text[] NOT NULL DEFAULT '{}';
