-- Browsing and search: what maker and piece pages show beyond a card, what the
-- facets filter on, and the full-text indexes.

ALTER TABLE makers ADD COLUMN published_at INTEGER;
UPDATE makers SET published_at = created_at;
ALTER TABLE makers ADD COLUMN studio TEXT NOT NULL DEFAULT '';
ALTER TABLE makers ADD COLUMN making_policy TEXT NOT NULL DEFAULT '';
-- Techniques and places spelled out, so that words like "filigree" or "Kyoto" find the maker.
ALTER TABLE makers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

ALTER TABLE pieces ADD COLUMN dimensions TEXT NOT NULL DEFAULT '';
-- Maker name, techniques and materials spelled out for full-text search.
ALTER TABLE pieces ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE piece_techniques (
    piece_id  INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    technique TEXT NOT NULL,
    PRIMARY KEY (piece_id, technique)
) STRICT;

CREATE TABLE piece_sourcing (
    piece_id INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    scheme   TEXT NOT NULL CHECK (scheme IN ('fairmined', 'fairtrade', 'rjc-chain-of-custody', 'conflict-free-warranty')),
    PRIMARY KEY (piece_id, scheme)
) STRICT;

CREATE TABLE piece_images (
    piece_id  INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    media_key TEXT NOT NULL REFERENCES media (key),
    alt       TEXT NOT NULL,
    PRIMARY KEY (piece_id, position)
) STRICT;

-- Bumped by every write that changes what listings show, which also records the
-- maker whose listing changed: app servers keep a facet index in memory and bring
-- it up to date by reloading just those makers. The counter row is locked until
-- commit, so versions become visible in order.
CREATE TABLE catalogue_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO catalogue_version (id, version) VALUES (1, 1);

CREATE VIRTUAL TABLE maker_text USING fts5 (
    display_name, tagline, story, search_text,
    content = 'makers', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER maker_text_insert AFTER INSERT ON makers BEGIN
    INSERT INTO maker_text (rowid, display_name, tagline, story, search_text)
    VALUES (new.id, new.display_name, new.tagline, new.story, new.search_text);
END;
CREATE TRIGGER maker_text_delete AFTER DELETE ON makers BEGIN
    INSERT INTO maker_text (maker_text, rowid, display_name, tagline, story, search_text)
    VALUES ('delete', old.id, old.display_name, old.tagline, old.story, old.search_text);
END;
CREATE TRIGGER maker_text_update AFTER UPDATE ON makers BEGIN
    INSERT INTO maker_text (maker_text, rowid, display_name, tagline, story, search_text)
    VALUES ('delete', old.id, old.display_name, old.tagline, old.story, old.search_text);
    INSERT INTO maker_text (rowid, display_name, tagline, story, search_text)
    VALUES (new.id, new.display_name, new.tagline, new.story, new.search_text);
END;
INSERT INTO maker_text (maker_text) VALUES ('rebuild');

CREATE VIRTUAL TABLE piece_text USING fts5 (
    title, search_text, description,
    content = 'pieces', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER piece_text_insert AFTER INSERT ON pieces BEGIN
    INSERT INTO piece_text (rowid, title, search_text, description)
    VALUES (new.id, new.title, new.search_text, new.description);
END;
CREATE TRIGGER piece_text_delete AFTER DELETE ON pieces BEGIN
    INSERT INTO piece_text (piece_text, rowid, title, search_text, description)
    VALUES ('delete', old.id, old.title, old.search_text, old.description);
END;
CREATE TRIGGER piece_text_update AFTER UPDATE ON pieces BEGIN
    INSERT INTO piece_text (piece_text, rowid, title, search_text, description)
    VALUES ('delete', old.id, old.title, old.search_text, old.description);
    INSERT INTO piece_text (rowid, title, search_text, description)
    VALUES (new.id, new.title, new.search_text, new.description);
END;
INSERT INTO piece_text (piece_text) VALUES ('rebuild');

CREATE TABLE catalogue_changes (
    version  INTEGER PRIMARY KEY,
    maker_id INTEGER NOT NULL
) STRICT;
