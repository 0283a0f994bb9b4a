-- The evidence levels a piece's disclosure reaches (`verified`, `documents`,
-- comma-separated), kept beside it so the listing index need not parse disclosures.
ALTER TABLE pieces ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
