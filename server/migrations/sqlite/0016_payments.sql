-- Money received, whoever took it: the source of truth for every sum shown. A
-- payment is written in the same transaction as the step it pays for, under our
-- own idempotency key (the same request twice is one payment).
CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    -- What it pays for: `commission-7`.
    purpose         TEXT NOT NULL,
    amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
    currency        TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('bank-transfer', 'cash', 'card')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    refunded_minor  INTEGER NOT NULL CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
    reference       TEXT,
    idempotency_key TEXT NOT NULL CONSTRAINT payments_idempotency_key UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX payments_by_purpose ON payments (purpose, id);
