-- Makers, their pieces, and the pictures both show.
-- Timestamps are INTEGER microseconds since the Unix epoch (UTC): they sort correctly.

CREATE TABLE media (
    key          TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    bytes        BLOB NOT NULL
) STRICT;

CREATE TABLE makers (
    id                   INTEGER PRIMARY KEY,
    slug                 TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    tagline              TEXT NOT NULL,
    story                TEXT NOT NULL,
    country              TEXT NOT NULL CHECK (length(country) = 2),
    region               TEXT,
    city                 TEXT,
    open_for_commissions INTEGER NOT NULL CHECK (open_for_commissions IN (0, 1)),
    lead_time_weeks      INTEGER CHECK (lead_time_weeks >= 0),
    price_currency       TEXT,
    price_from_minor     INTEGER CHECK (price_from_minor >= 0),
    price_to_minor       INTEGER CHECK (price_to_minor >= 0),
    portrait_key         TEXT REFERENCES media (key),
    portrait_alt         TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE maker_techniques (
    maker_id  INTEGER NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    technique TEXT NOT NULL,
    PRIMARY KEY (maker_id, technique)
) STRICT;

CREATE TABLE pieces (
    id             INTEGER PRIMARY KEY,
    maker_id       INTEGER NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    slug           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    made_to_order  INTEGER NOT NULL CHECK (made_to_order IN (0, 1)),
    price_currency TEXT,
    price_minor    INTEGER CHECK (price_minor >= 0),
    image_key      TEXT REFERENCES media (key),
    image_alt      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    created_at     INTEGER NOT NULL,
    published_at   INTEGER,
    CHECK (made_to_order = 1 OR price_minor IS NOT NULL),
    CHECK (status <> 'published' OR published_at IS NOT NULL)
) STRICT;

CREATE INDEX pieces_by_maker ON pieces (maker_id);
CREATE INDEX pieces_recently_published ON pieces (published_at DESC, id DESC) WHERE status = 'published';

CREATE TABLE piece_metals (
    piece_id         INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    metal            TEXT NOT NULL,
    fineness         INTEGER CHECK (fineness BETWEEN 1 AND 999),
    recycled_percent INTEGER CHECK (recycled_percent BETWEEN 0 AND 100),
    PRIMARY KEY (piece_id, position)
) STRICT;

CREATE TABLE piece_stones (
    piece_id INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    species  TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('natural', 'lab-grown', 'imitation')),
    PRIMARY KEY (piece_id, position)
) STRICT;
