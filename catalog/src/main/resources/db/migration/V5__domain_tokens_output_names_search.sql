-- Tokens an admin made for one domain each. Only the SHA-256 of a token is kept (the token itself is
-- 256 random bits, shown once when made).
CREATE TABLE catalog_token (
  id           BIGSERIAL PRIMARY KEY,
  domain       TEXT        NOT NULL,
  token_sha256 TEXT        NOT NULL UNIQUE,
  created_at   TIMESTAMPTZ NOT NULL,
  revoked_at   TIMESTAMPTZ
);

-- Every topic and table name a product version ever published to, and the product that owns it:
-- a second product naming the same topic or table is refused. kind: topic | table.
CREATE TABLE product_output_name (
  kind       TEXT   NOT NULL,
  name       TEXT   NOT NULL,
  product_id BIGINT NOT NULL REFERENCES product (id),
  PRIMARY KEY (kind, name)
);
INSERT INTO product_output_name (kind, name, product_id)
  SELECT 'topic', v.registration->'outputs'->>'topic', v.product_id FROM product_version v
   WHERE v.registration->'outputs'->>'topic' IS NOT NULL ORDER BY v.seq
  ON CONFLICT DO NOTHING;
INSERT INTO product_output_name (kind, name, product_id)
  SELECT 'topic', v.registration->'outputs'->>'deadLetterTopic', v.product_id FROM product_version v
   WHERE v.registration->'outputs'->>'deadLetterTopic' IS NOT NULL ORDER BY v.seq
  ON CONFLICT DO NOTHING;
INSERT INTO product_output_name (kind, name, product_id)
  SELECT 'table', CASE WHEN strpos(v.registration->'outputs'->>'table', '.') > 0 THEN v.registration->'outputs'->>'table'
                       ELSE p.domain || '.' || (v.registration->'outputs'->>'table') END, v.product_id
    FROM product_version v JOIN product p ON p.id = v.product_id
   WHERE v.registration->'outputs'->>'table' IS NOT NULL ORDER BY v.seq
  ON CONFLICT DO NOTHING;

-- Free-text search: the words of the current version's name, description, owner, tags and columns
-- (lower case, split at anything that is not a letter or digit), under a GIN index. The catalog
-- fills it on every registration; products registered before are filled here.
ALTER TABLE product ADD COLUMN search TSVECTOR NOT NULL DEFAULT ''::tsvector;
UPDATE product p SET search = to_tsvector('simple', regexp_replace(lower(
    p.domain || ' ' || p.name || ' ' || p.description || ' ' || p.owner || ' '
    || coalesce((SELECT string_agg(t.tag, ' ') FROM product_tag t WHERE t.product_id = p.id), '') || ' '
    || coalesce((SELECT string_agg(c.name || ' ' || coalesce(c.description, ''), ' ') FROM product_column c WHERE c.product_id = p.id), '')),
  '[^[:alnum:]]+', ' ', 'g'));
CREATE INDEX product_search ON product USING GIN (search);
CREATE INDEX product_by_owner ON product (owner);
CREATE INDEX product_tag_by_tag ON product_tag (tag);
