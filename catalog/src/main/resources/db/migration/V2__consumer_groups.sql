-- The consumer groups reading a product's topic and their lag, as of each sample:
-- [{"group": "...", "lag": N}]. Samples stored before this migration have none.
ALTER TABLE metrics_sample ADD COLUMN consumer_groups JSONB NOT NULL DEFAULT '[]';
