-- Delivering the outbox over SMTP from any app server: a claim with a lease, and
-- the failed attempts so far.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
