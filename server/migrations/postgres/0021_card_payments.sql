-- Card payments: the processor's events, each acted on once however often it is
-- sent, and payments found by the processor's id for them.
CREATE TABLE payment_events (
    id          TEXT PRIMARY KEY,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX payments_by_reference ON payments (reference);
