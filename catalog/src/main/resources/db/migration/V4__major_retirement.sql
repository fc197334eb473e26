-- A retired major version of a product: it no longer runs, and no version of that major can be
-- registered again. Its topic, table and versions stay for whoever still reads them.
CREATE TABLE major_retirement (
  product_id BIGINT      NOT NULL REFERENCES product (id),
  major      BIGINT      NOT NULL,
  retired_at TIMESTAMPTZ NOT NULL,
  reason     TEXT        NOT NULL,
  PRIMARY KEY (product_id, major)
);
