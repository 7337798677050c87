-- The words of each tenant's catalog (the lexemes of its products' search documents, without
-- digits: SKUs and codes are matched by prefix, never corrected), for typo
-- tolerance: a query word with no match is looked up here by trigram similarity and the close
-- words join the text query. Append-only: a word of an old version stays (it then matches no
-- product, which changes no answer); a rebuild keeps only the current ones.
CREATE TABLE search_word (
  tenant  text NOT NULL,
  word    text NOT NULL,
  PRIMARY KEY (tenant, word)
);
CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops);

ALTER TABLE search_word ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_word FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_fence ON search_word TO shopstream_tenant USING (tenant = current_setting('app.tenant', true)) WITH CHECK (tenant = current_setting('app.tenant', true));
CREATE POLICY platform ON search_word TO CURRENT_USER USING (true) WITH CHECK (true);
