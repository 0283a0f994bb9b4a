-- Commissions: one row per commission holding its state machine's snapshot
-- (`domain::commissions::Commission` as JSON), with its stage and version beside it
-- for lists and for the compare-and-set every step is saved by.
CREATE TABLE commissions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    maker_id   BIGINT NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    buyer_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    booking_id BIGINT REFERENCES bookings (id) ON DELETE SET NULL,
    brief      TEXT NOT NULL,
    stage      TEXT NOT NULL CHECK (stage IN (
        'requested', 'proposed', 'changes-asked', 'awaiting-deposit', 'designing',
        'design-posted', 'extra-round-offered', 'agreed', 'making', 'ready', 'dispatched',
        'completed', 'declined', 'expired', 'cancelled')),
    version    BIGINT NOT NULL CHECK (version >= 0),
    state      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commissions_by_maker ON commissions (maker_id, updated_at);
CREATE INDEX commissions_by_buyer ON commissions (buyer_id, updated_at);

-- The timeline: one row per step, keyed by the version it made, so two steps
-- decided on one version can never both be kept. Append-only.
CREATE TABLE commission_steps (
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    version       BIGINT NOT NULL CHECK (version > 0),
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker', 'clock')),
    action        TEXT NOT NULL,
    note          TEXT NOT NULL,
    -- The step's pictures (`CommissionPicture`s as JSON), private to both sides.
    pictures      TEXT NOT NULL,
    stage         TEXT NOT NULL,
    taken_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT commission_steps_pkey PRIMARY KEY (commission_id, version)
);

-- The signed design agreement: written once, at the design lock, never again.
CREATE TABLE commission_agreements (
    commission_id BIGINT PRIMARY KEY REFERENCES commissions (id) ON DELETE CASCADE,
    payload       TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL,
    signed_at     TIMESTAMPTZ NOT NULL
);

CREATE FUNCTION commission_record_is_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a commission''s steps and agreement are never changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER commission_steps_append_only BEFORE UPDATE ON commission_steps
    FOR EACH ROW EXECUTE FUNCTION commission_record_is_frozen();
CREATE TRIGGER commission_agreements_frozen BEFORE UPDATE ON commission_agreements
    FOR EACH ROW EXECUTE FUNCTION commission_record_is_frozen();

-- The clock's steps (a proposal's expiry and its reminder, completion after
-- dispatch): set in the same transaction as the step that makes them due, claimed
-- by whichever app server looks first (a lease, as the outbox does), removed once
-- done. A step that sets a job again moves its time.
CREATE TABLE commission_jobs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('expire-proposal', 'remind-proposal', 'complete-unanswered')),
    due_at        TIMESTAMPTZ NOT NULL,
    claimed_until TIMESTAMPTZ,
    CONSTRAINT commission_jobs_one_per_kind UNIQUE (commission_id, kind)
);
CREATE INDEX commission_jobs_by_due ON commission_jobs (due_at);

-- The two sides' messages, and how far each side has read (the highest message
-- id seen): the header's unread count and the batched emails follow from both.
CREATE TABLE commission_messages (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    body          TEXT NOT NULL,
    -- Its pictures (`CommissionPicture`s as JSON): reference pictures, details.
    pictures      TEXT NOT NULL,
    sent_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX commission_messages_by_commission ON commission_messages (commission_id, id);

CREATE TABLE commission_reads (
    commission_id BIGINT NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    read_up_to    BIGINT NOT NULL,
    PRIMARY KEY (commission_id, party)
);
