-- The piece a commission made: a piece of its maker's, linked to the commission
-- once. It stays private (never published) unless its buyer agrees that the maker
-- may show it; the studio's publishing checks this row in the same statement.
CREATE TABLE commission_pieces (
    commission_id  INTEGER PRIMARY KEY REFERENCES commissions (id) ON DELETE CASCADE,
    piece_id       INTEGER NOT NULL UNIQUE REFERENCES pieces (id) ON DELETE CASCADE,
    shown_by_buyer INTEGER NOT NULL DEFAULT 0 CHECK (shown_by_buyer IN (0, 1)),
    created_at     INTEGER NOT NULL
) STRICT;
