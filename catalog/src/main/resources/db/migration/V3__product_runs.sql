-- Runs of a product's scheduled work, as the runtime reports them: batch runs, backfills and
-- table maintenance, with the rows a batch run wrote and the table's live files before and after.
CREATE TABLE product_run (
  id BIGSERIAL PRIMARY KEY,
  product_id BIGINT NOT NULL REFERENCES product (id),
  task TEXT NOT NULL,
  attempt INT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  ended_at TIMESTAMPTZ NOT NULL,
  status TEXT NOT NULL,
  rows_written BIGINT,
  live_files_before BIGINT,
  live_files_after BIGINT,
  message TEXT
);
CREATE INDEX product_run_by_product ON product_run (product_id, started_at);
