-- Browsing and search: what maker and piece pages show beyond a card, what the
-- facets filter on, and the full-text indexes.

ALTER TABLE makers ADD COLUMN published_at TIMESTAMPTZ;
UPDATE makers SET published_at = created_at;
ALTER TABLE makers ADD COLUMN studio TEXT NOT NULL DEFAULT '';
ALTER TABLE makers ADD COLUMN making_policy TEXT NOT NULL DEFAULT '';
-- Techniques and places spelled out, so that words like "filigree" or "Kyoto" find the maker.
ALTER TABLE makers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE makers ADD COLUMN document TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', display_name), 'A')
    || setweight(to_tsvector('english', tagline || ' ' || search_text), 'B')
    || setweight(to_tsvector('english', story), 'C')
) STORED;
CREATE INDEX makers_document ON makers USING GIN (document);

ALTER TABLE pieces ADD COLUMN dimensions TEXT NOT NULL DEFAULT '';
-- Maker name, techniques and materials spelled out for full-text search.
ALTER TABLE pieces ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE pieces ADD COLUMN document TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', search_text), 'B')
    || setweight(to_tsvector('english', description), 'C')
) STORED;
CREATE INDEX pieces_document ON pieces USING GIN (document);

CREATE TABLE piece_techniques (
    piece_id  BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    technique TEXT NOT NULL,
    PRIMARY KEY (piece_id, technique)
);

CREATE TABLE piece_sourcing (
    piece_id BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    scheme   TEXT NOT NULL CHECK (scheme IN ('fairmined', 'fairtrade', 'rjc-chain-of-custody', 'conflict-free-warranty')),
    PRIMARY KEY (piece_id, scheme)
);

CREATE TABLE piece_images (
    piece_id  BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    media_key TEXT NOT NULL REFERENCES media (key),
    alt       TEXT NOT NULL,
    PRIMARY KEY (piece_id, position)
);

-- Bumped by every write that changes what listings show, which also records the
-- maker whose listing changed: app servers keep a facet index in memory and bring
-- it up to date by reloading just those makers. The counter row is locked until
-- commit, so versions become visible in order.
CREATE TABLE catalogue_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalogue_version (id, version) VALUES (1, 1);

CREATE TABLE catalogue_changes (
    version  BIGINT PRIMARY KEY,
    maker_id BIGINT NOT NULL
);
