-- Makers run their studio from an account: one maker profile per account at most.
-- Demo and imported makers have no account.
ALTER TABLE makers ADD COLUMN account_id BIGINT REFERENCES accounts (id);
CREATE UNIQUE INDEX makers_account_key ON makers (account_id) WHERE account_id IS NOT NULL;

-- Ring sizes a piece comes in ("UK J–P"), where relevant; and when it last changed.
ALTER TABLE pieces ADD COLUMN ring_sizes TEXT NOT NULL DEFAULT '';
ALTER TABLE pieces ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE pieces SET updated_at = coalesce(published_at, created_at);
CREATE INDEX pieces_by_maker_updated ON pieces (maker_id, updated_at DESC);
