-- The custody log of what a buyer hands a maker for a commission. Entries are
-- only ever inserted: each one's payload names the SHA-256 of the one before, and
-- the head row carries the marketplace's signature over the last one, moved in
-- the same transaction as each insert and only from the length it expects.
CREATE TABLE custody_entries (
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    seq           BIGINT NOT NULL CHECK (seq > 0),
    payload       TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    -- Where the photos the payload names by SHA-256 are stored (JSON).
    pictures      TEXT NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT custody_entries_pkey PRIMARY KEY (commission_id, seq)
);

CREATE TABLE custody_heads (
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    length        BIGINT NOT NULL CHECK (length > 0),
    sha256        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL,
    CONSTRAINT custody_heads_pkey PRIMARY KEY (commission_id)
);
