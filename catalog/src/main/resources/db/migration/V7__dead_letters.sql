-- How many dead letters each rule of a product got in one report interval ending at reported_at, as the
-- runtime reads them from the product's dead-letter topic. A letter that broke two rules counts for both.
CREATE TABLE dead_letter_count (
  product_id  BIGINT      NOT NULL REFERENCES product (id),
  reported_at TIMESTAMPTZ NOT NULL,
  rule        TEXT        NOT NULL,
  letters     BIGINT      NOT NULL
);
CREATE INDEX dead_letter_count_by_product ON dead_letter_count (product_id, reported_at);

-- The latest few dead letters of each rule of a product (DeadLetterStore keeps 5 per rule): why, where
-- the input record was read (topic/partition@offset), and the record as published, PII masked. Never the raw input.
CREATE TABLE dead_letter (
  id         BIGSERIAL   PRIMARY KEY,
  product_id BIGINT      NOT NULL REFERENCES product (id),
  rule       TEXT        NOT NULL,
  reason     TEXT,
  failed_at  TIMESTAMPTZ NOT NULL,
  source     TEXT,
  record     TEXT
);
CREATE INDEX dead_letter_by_rule ON dead_letter (product_id, rule, id);
