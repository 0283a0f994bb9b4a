-- Provenance passports: every signed version, and the public keys that signed them.

CREATE TABLE passport_keys (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE passports (
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    piece_id   INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    key_id     TEXT NOT NULL REFERENCES passport_keys (key_id),
    payload    TEXT NOT NULL,
    signature  TEXT NOT NULL,
    issued_at  INTEGER NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

CREATE INDEX passports_by_piece ON passports (piece_id, version DESC);
