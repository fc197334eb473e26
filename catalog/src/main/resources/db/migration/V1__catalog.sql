-- One row per product (domain + name); its columns, tags and inputs are those of its current (highest) version.
CREATE TABLE product (
  id              BIGSERIAL PRIMARY KEY,
  domain          TEXT        NOT NULL,
  name            TEXT        NOT NULL,
  current_version TEXT        NOT NULL,
  owner           TEXT        NOT NULL,
  description     TEXT        NOT NULL,
  cost_center     TEXT,
  first_registered_at TIMESTAMPTZ NOT NULL,
  registered_at   TIMESTAMPTZ NOT NULL,
  UNIQUE (domain, name)
);

-- Every version ever registered (seq: in the order registered), with the spec text and the whole
-- registration as sent.
CREATE TABLE product_version (
  seq           BIGSERIAL   NOT NULL UNIQUE,
  product_id    BIGINT      NOT NULL REFERENCES product (id),
  version       TEXT        NOT NULL,
  registered_at TIMESTAMPTZ NOT NULL,
  spec_yaml     TEXT        NOT NULL,
  registration  JSONB       NOT NULL,
  PRIMARY KEY (product_id, version)
);

CREATE TABLE product_tag (
  product_id BIGINT NOT NULL REFERENCES product (id),
  tag        TEXT   NOT NULL,
  PRIMARY KEY (product_id, tag)
);

CREATE TABLE product_column (
  product_id  BIGINT  NOT NULL REFERENCES product (id),
  position    INT     NOT NULL,
  name        TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  description TEXT,
  pii         BOOLEAN NOT NULL,
  PRIMARY KEY (product_id, position)
);
CREATE INDEX product_column_by_name ON product_column (lower(name));

-- kind: kafka (source = topic), cdc (source = table), product (source = domain.name[@major]).
CREATE TABLE product_input (
  product_id      BIGINT NOT NULL REFERENCES product (id),
  position        INT    NOT NULL,
  name            TEXT   NOT NULL,
  kind            TEXT   NOT NULL,
  source          TEXT   NOT NULL,
  upstream_domain TEXT,
  upstream_name   TEXT,
  PRIMARY KEY (product_id, position)
);
CREATE INDEX product_input_by_upstream ON product_input (upstream_domain, upstream_name);

CREATE TABLE openlineage_event (
  id            BIGSERIAL PRIMARY KEY,
  event_type    TEXT        NOT NULL,
  event_time    TIMESTAMPTZ NOT NULL,
  run_id        UUID        NOT NULL,
  job_namespace TEXT        NOT NULL,
  job_name      TEXT        NOT NULL,
  payload       JSONB       NOT NULL,
  received_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX openlineage_event_by_job ON openlineage_event (job_name, event_time);

-- Counters are what happened during the interval that ends at sampled_at; storage figures are what is
-- held during that interval.
CREATE TABLE metrics_sample (
  id                   BIGSERIAL PRIMARY KEY,
  product_id           BIGINT      NOT NULL REFERENCES product (id),
  sampled_at           TIMESTAMPTZ NOT NULL,
  interval_seconds     BIGINT      NOT NULL,
  records_in           BIGINT      NOT NULL,
  records_out          BIGINT      NOT NULL,
  records_rejected     BIGINT      NOT NULL,
  bytes_to_topic       BIGINT      NOT NULL,
  bytes_to_table       BIGINT      NOT NULL,
  cpu_seconds          NUMERIC     NOT NULL,
  kafka_bytes_in       BIGINT      NOT NULL,
  kafka_bytes_out      BIGINT      NOT NULL,
  kafka_bytes_retained BIGINT      NOT NULL,
  iceberg_bytes        BIGINT      NOT NULL,
  newest_event_time    TIMESTAMPTZ
);
CREATE INDEX metrics_sample_by_product ON metrics_sample (product_id, sampled_at);
