-- The piece a commission made: a piece of its maker's, linked to the commission
-- once. It stays private (never published) unless its buyer agrees that the maker
-- may show it; the studio's publishing checks this row in the same statement.
CREATE TABLE commission_pieces (
    commission_id  BIGINT PRIMARY KEY REFERENCES commissions (id) ON DELETE CASCADE,
    piece_id       BIGINT NOT NULL UNIQUE REFERENCES pieces (id) ON DELETE CASCADE,
    shown_by_buyer BOOLEAN NOT NULL DEFAULT false,
    created_at     TIMESTAMPTZ NOT NULL
);
