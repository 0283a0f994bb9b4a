-- The consultations a maker offers, and the bookings made for them.
CREATE TABLE consultations (
    id             INTEGER PRIMARY KEY,
    maker_id       INTEGER NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240),
    format         TEXT NOT NULL CHECK (format IN ('video-call', 'studio-visit', 'phone')),
    description    TEXT NOT NULL,
    price_minor    INTEGER,
    currency       TEXT,
    needs_approval INTEGER NOT NULL CHECK (needs_approval IN (0, 1)),
    CHECK ((price_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX consultations_by_maker ON consultations (maker_id);

-- Instants in microseconds since the epoch (UTC). `blocked_*` is the meeting with
-- the buffers it was booked with: a maker's pending and confirmed bookings never
-- overlap there. Booking checks that inside a write transaction (BEGIN IMMEDIATE);
-- the partial unique index refuses two at the same start even if that were missed.
CREATE TABLE bookings (
    id              INTEGER PRIMARY KEY,
    maker_id        INTEGER NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    blocked_from    INTEGER NOT NULL,
    blocked_until   INTEGER NOT NULL,
    buyer_zone      TEXT NOT NULL,
    guest_name      TEXT NOT NULL,
    guest_email     TEXT NOT NULL,
    account_id      INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    brief           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'cancelled')),
    idempotency_key TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    CHECK (starts_at < ends_at AND blocked_from <= starts_at AND ends_at <= blocked_until),
    CONSTRAINT bookings_idempotency_key UNIQUE (idempotency_key)
);
CREATE UNIQUE INDEX bookings_one_per_start ON bookings (maker_id, starts_at)
    WHERE status IN ('pending', 'confirmed');
CREATE INDEX bookings_by_maker_time ON bookings (maker_id, blocked_from);

-- When a maker can be booked (`app::booking::AvailabilityRules` as JSON): read and
-- written whole, never queried inside.
CREATE TABLE availability_rules (
    maker_id   INTEGER PRIMARY KEY REFERENCES makers (id) ON DELETE CASCADE,
    rules      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
