-- The consultations a maker offers, and the bookings made for them.
CREATE TABLE consultations (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    maker_id       BIGINT NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 240),
    format         TEXT NOT NULL CHECK (format IN ('video-call', 'studio-visit', 'phone')),
    description    TEXT NOT NULL,
    price_minor    BIGINT,
    currency       TEXT,
    needs_approval BOOLEAN NOT NULL,
    CHECK ((price_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX consultations_by_maker ON consultations (maker_id);

-- `blocked_*` is the meeting with the buffers it was booked with. The exclusion
-- constraint is what makes a double booking impossible, whichever app server
-- inserts: a maker's pending and confirmed bookings never overlap there.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    maker_id        BIGINT NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    starts_at       TIMESTAMPTZ NOT NULL,
    ends_at         TIMESTAMPTZ NOT NULL,
    blocked_from    TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ NOT NULL,
    buyer_zone      TEXT NOT NULL,
    guest_name      TEXT NOT NULL,
    guest_email     TEXT NOT NULL,
    account_id      BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    brief           TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'declined', 'cancelled')),
    idempotency_key TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK (starts_at < ends_at AND blocked_from <= starts_at AND ends_at <= blocked_until),
    CONSTRAINT bookings_idempotency_key UNIQUE (idempotency_key),
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        maker_id WITH =,
        tstzrange(blocked_from, blocked_until, '[)') WITH &&
    ) WHERE (status IN ('pending', 'confirmed'))
);
CREATE INDEX bookings_by_maker_time ON bookings (maker_id, blocked_from);

-- When a maker can be booked (`app::booking::AvailabilityRules` as JSON): read and
-- written whole, never queried inside.
CREATE TABLE availability_rules (
    maker_id   BIGINT PRIMARY KEY REFERENCES makers (id) ON DELETE CASCADE,
    rules      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
