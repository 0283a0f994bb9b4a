-- Selling ready pieces. A studio's terms of sale (domain::orders::SalesTerms as
-- JSON); a piece is for sale once its studio has written them.
CREATE TABLE sales_terms (
    maker_id   BIGINT PRIMARY KEY REFERENCES makers (id) ON DELETE CASCADE,
    terms      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

-- An order holds one unit of a piece (a one-of-one has one) from the checkout on.
CREATE TABLE orders (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    piece_id       BIGINT NOT NULL REFERENCES pieces (id),
    maker_id       BIGINT NOT NULL REFERENCES makers (id),
    -- A signed-in buyer's account, or a guest's name and address; a guest's
    -- address is confirmed by the emailed link before anything is paid.
    buyer_id       BIGINT REFERENCES accounts (id),
    guest_name     TEXT,
    guest_email    TEXT,
    email_confirmed_at TIMESTAMPTZ,
    unit           BIGINT NOT NULL CHECK (unit > 0),
    edition_number BIGINT,
    edition_of     BIGINT,
    price_minor    BIGINT NOT NULL CHECK (price_minor >= 0),
    delivery_minor BIGINT NOT NULL CHECK (delivery_minor >= 0),
    fee_minor      BIGINT NOT NULL CHECK (fee_minor >= 0),
    currency       TEXT NOT NULL,
    -- Where it goes (JSON), and the studio's terms as they were (JSON).
    delivery       TEXT NOT NULL,
    terms          TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('held', 'awaiting-payment', 'paid',
                       'shipped', 'completed', 'cancelled', 'lapsed', 'refunded')),
    hold_until     TIMESTAMPTZ,
    carrier        TEXT,
    tracking       TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    paid_at        TIMESTAMPTZ,
    shipped_at     TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,
    CHECK ((buyer_id IS NULL) = (guest_email IS NOT NULL))
);
-- The guard that sells a unit once: at most one order holds or has bought it.
-- Holds that ended are moved to 'lapsed' before a new one is taken; two
-- buyers racing for one unit meet at this index, and the second is refused.
CREATE UNIQUE INDEX orders_one_per_unit ON orders (piece_id, unit)
    WHERE status IN ('held', 'awaiting-payment', 'paid', 'shipped', 'completed');
CREATE INDEX orders_by_buyer ON orders (buyer_id, id);
CREATE INDEX orders_by_guest ON orders (guest_email, status);
CREATE INDEX orders_by_maker ON orders (maker_id, id);
CREATE INDEX orders_by_status ON orders (status, hold_until);

-- What each payment owes whom, as entries whose lines sum to zero.
CREATE TABLE ledger_lines (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry        TEXT NOT NULL,
    account      TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
-- An entry names each account once: an entry written twice is refused.
CREATE UNIQUE INDEX ledger_one_line_per_account ON ledger_lines (entry, account);
