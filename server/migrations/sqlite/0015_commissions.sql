-- Commissions: one row per commission holding its state machine's snapshot
-- (`domain::commissions::Commission` as JSON), with its stage and version beside it
-- for lists and for the compare-and-set every step is saved by. Instants in
-- microseconds since the epoch (UTC).
CREATE TABLE commissions (
    id         INTEGER PRIMARY KEY,
    maker_id   INTEGER NOT NULL REFERENCES makers (id) ON DELETE CASCADE,
    buyer_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    booking_id INTEGER REFERENCES bookings (id) ON DELETE SET NULL,
    brief      TEXT NOT NULL,
    stage      TEXT NOT NULL CHECK (stage IN (
        'requested', 'proposed', 'changes-asked', 'awaiting-deposit', 'designing',
        'design-posted', 'extra-round-offered', 'agreed', 'making', 'ready', 'dispatched',
        'completed', 'declined', 'expired', 'cancelled')),
    version    INTEGER NOT NULL CHECK (version >= 0),
    state      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX commissions_by_maker ON commissions (maker_id, updated_at);
CREATE INDEX commissions_by_buyer ON commissions (buyer_id, updated_at);

-- The timeline: one row per step, keyed by the version it made, so two steps
-- decided on one version can never both be kept. Append-only.
CREATE TABLE commission_steps (
    commission_id INTEGER NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL CHECK (version > 0),
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker', 'clock')),
    action        TEXT NOT NULL,
    note          TEXT NOT NULL,
    -- The step's pictures (`CommissionPicture`s as JSON), private to both sides.
    pictures      TEXT NOT NULL,
    stage         TEXT NOT NULL,
    taken_at      INTEGER NOT NULL,
    PRIMARY KEY (commission_id, version)
);

-- The signed design agreement: written once, at the design lock, never again.
CREATE TABLE commission_agreements (
    commission_id INTEGER PRIMARY KEY REFERENCES commissions (id) ON DELETE CASCADE,
    payload       TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL,
    signed_at     INTEGER NOT NULL
);

CREATE TRIGGER commission_steps_append_only BEFORE UPDATE ON commission_steps
BEGIN
    SELECT RAISE(ABORT, 'a commission''s steps are never changed');
END;
CREATE TRIGGER commission_agreements_frozen BEFORE UPDATE ON commission_agreements
BEGIN
    SELECT RAISE(ABORT, 'a commission''s agreement is never changed');
END;

-- The clock's steps (a proposal's expiry and its reminder, completion after
-- dispatch): set in the same transaction as the step that makes them due, claimed
-- by whichever app server looks first (a lease, as the outbox does), removed once
-- done. A step that sets a job again moves its time.
CREATE TABLE commission_jobs (
    id            INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('expire-proposal', 'remind-proposal', 'complete-unanswered')),
    due_at        INTEGER NOT NULL,
    claimed_until INTEGER,
    CONSTRAINT commission_jobs_one_per_kind UNIQUE (commission_id, kind)
);
CREATE INDEX commission_jobs_by_due ON commission_jobs (due_at);

-- The two sides' messages, and how far each side has read (the highest message
-- id seen): the header's unread count and the batched emails follow from both.
CREATE TABLE commission_messages (
    id            INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    body          TEXT NOT NULL,
    -- Its pictures (`CommissionPicture`s as JSON): reference pictures, details.
    pictures      TEXT NOT NULL,
    sent_at       INTEGER NOT NULL
);
CREATE INDEX commission_messages_by_commission ON commission_messages (commission_id, id);

CREATE TABLE commission_reads (
    commission_id INTEGER NOT NULL REFERENCES commissions (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    read_up_to    INTEGER NOT NULL,
    PRIMARY KEY (commission_id, party)
);
