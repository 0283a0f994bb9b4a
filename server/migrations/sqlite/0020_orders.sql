-- Selling ready pieces. A studio's terms of sale (domain::orders::SalesTerms as
-- JSON); a piece is for sale once its studio has written them.
CREATE TABLE sales_terms (
    maker_id   INTEGER PRIMARY KEY REFERENCES makers (id) ON DELETE CASCADE,
    terms      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- An order holds one unit of a piece (a one-of-one has one) from the checkout on.
CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    piece_id       INTEGER NOT NULL REFERENCES pieces (id),
    maker_id       INTEGER NOT NULL REFERENCES makers (id),
    -- A signed-in buyer's account, or a guest's name and address; a guest's
    -- address is confirmed by the emailed link before anything is paid.
    buyer_id       INTEGER REFERENCES accounts (id),
    guest_name     TEXT,
    guest_email    TEXT,
    email_confirmed_at INTEGER,
    unit           INTEGER NOT NULL CHECK (unit > 0),
    edition_number INTEGER,
    edition_of     INTEGER,
    price_minor    INTEGER NOT NULL CHECK (price_minor >= 0),
    delivery_minor INTEGER NOT NULL CHECK (delivery_minor >= 0),
    fee_minor      INTEGER NOT NULL CHECK (fee_minor >= 0),
    currency       TEXT NOT NULL,
    -- Where it goes (JSON), and the studio's terms as they were (JSON).
    delivery       TEXT NOT NULL,
    terms          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('held', 'awaiting-payment', 'paid',
                       'shipped', 'completed', 'cancelled', 'lapsed', 'refunded')),
    hold_until     INTEGER,
    carrier        TEXT,
    tracking       TEXT,
    created_at     INTEGER NOT NULL,
    paid_at        INTEGER,
    shipped_at     INTEGER,
    closed_at      INTEGER,
    updated_at     INTEGER NOT NULL,
    CHECK ((buyer_id IS NULL) = (guest_email IS NOT NULL))
);
-- The guard that sells a unit once: at most one order holds or has bought it.
-- Holds that ended are moved to 'lapsed' before a new one is taken (in the same
-- BEGIN IMMEDIATE transaction).
CREATE UNIQUE INDEX orders_one_per_unit ON orders (piece_id, unit)
    WHERE status IN ('held', 'awaiting-payment', 'paid', 'shipped', 'completed');
CREATE INDEX orders_by_buyer ON orders (buyer_id, id);
CREATE INDEX orders_by_guest ON orders (guest_email, status);
CREATE INDEX orders_by_maker ON orders (maker_id, id);
CREATE INDEX orders_by_status ON orders (status, hold_until);

-- What each payment owes whom, as entries whose lines sum to zero.
CREATE TABLE ledger_lines (
    id           INTEGER PRIMARY KEY,
    entry        TEXT NOT NULL,
    account      TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
-- An entry names each account once: an entry written twice is refused.
CREATE UNIQUE INDEX ledger_one_line_per_account ON ledger_lines (entry, account);
