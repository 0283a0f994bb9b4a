-- Every saved edit of a piece moves its revision on. An edit is computed from the
-- piece as it was read (the studio keeps unchanged claims' evidence, an operator's
-- review adds verifications), so it is written only over that same revision: two
-- edits racing can't silently undo each other.
ALTER TABLE pieces ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
