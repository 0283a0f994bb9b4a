-- The provenance disclosure of a piece, as the versioned JSON document the app's
-- `provenance::Disclosure` type reads and writes. Each claim inside carries its evidence.
ALTER TABLE pieces ADD COLUMN disclosure JSONB;
