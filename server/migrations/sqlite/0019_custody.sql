-- The custody log of what a buyer hands a maker for a commission. Entries are
-- only ever inserted: each one's payload names the SHA-256 of the one before, and
-- the head row carries the marketplace's signature over the last one, moved in
-- the same transaction as each insert and only from the length it expects.
CREATE TABLE custody_entries (
    commission_id INTEGER NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    payload       TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    -- Where the photos the payload names by SHA-256 are stored (JSON).
    pictures      TEXT NOT NULL,
    recorded_at   INTEGER NOT NULL,
    PRIMARY KEY (commission_id, seq)
) STRICT;

CREATE TABLE custody_heads (
    commission_id INTEGER NOT NULL PRIMARY KEY REFERENCES commissions (id) ON DELETE CASCADE,
    length        INTEGER NOT NULL CHECK (length > 0),
    sha256        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL
) STRICT;
