-- Makers, their pieces, and the pictures both show.

CREATE TABLE media (
    key          TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    bytes        BYTEA NOT NULL
);

CREATE TABLE makers (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                 TEXT NOT NULL CONSTRAINT makers_slug_key UNIQUE,
    display_name         TEXT NOT NULL,
    tagline              TEXT NOT NULL,
    story                TEXT NOT NULL,
    country              TEXT NOT NULL CHECK (length(country) = 2),
    region               TEXT,
    city                 TEXT,
    open_for_commissions BOOLEAN NOT NULL,
    lead_time_weeks      INTEGER CHECK (lead_time_weeks >= 0),
    price_currency       TEXT,
    price_from_minor     BIGINT CHECK (price_from_minor >= 0),
    price_to_minor       BIGINT CHECK (price_to_minor >= 0),
    portrait_key         TEXT REFERENCES media (key),
    portrait_alt         TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE maker_techniques (
    maker_id  BIGINT NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    technique TEXT NOT NULL,
    PRIMARY KEY (maker_id, technique)
);

CREATE TABLE pieces (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    maker_id       BIGINT NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    slug           TEXT NOT NULL CONSTRAINT pieces_slug_key UNIQUE,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    made_to_order  BOOLEAN NOT NULL,
    price_currency TEXT,
    price_minor    BIGINT CHECK (price_minor >= 0),
    image_key      TEXT REFERENCES media (key),
    image_alt      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    created_at     TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ,
    CHECK (made_to_order OR price_minor IS NOT NULL),
    CHECK (status <> 'published' OR published_at IS NOT NULL)
);

CREATE INDEX pieces_by_maker ON pieces (maker_id);
CREATE INDEX pieces_recently_published ON pieces (published_at DESC, id DESC) WHERE status = 'published';

CREATE TABLE piece_metals (
    piece_id         BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    metal            TEXT NOT NULL,
    fineness         INTEGER CHECK (fineness BETWEEN 1 AND 999),
    recycled_percent INTEGER CHECK (recycled_percent BETWEEN 0 AND 100),
    PRIMARY KEY (piece_id, position)
);

CREATE TABLE piece_stones (
    piece_id BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    species  TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('natural', 'lab-grown', 'imitation')),
    PRIMARY KEY (piece_id, position)
);
