-- Messages between a buyer and a maker, in one thread per commission and one per
-- consultation booking: the commission's messages move here. Each side's reading
-- is the highest message id it has seen.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    commission_id INTEGER REFERENCES commissions (id) ON DELETE CASCADE,
    booking_id    INTEGER REFERENCES bookings (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    body          TEXT NOT NULL,
    -- Its pictures (`CommissionPicture`s as JSON), private to the two sides.
    pictures      TEXT NOT NULL,
    sent_at       INTEGER NOT NULL,
    CHECK ((commission_id IS NULL) <> (booking_id IS NULL))
);
CREATE INDEX messages_of_commission ON messages (commission_id, id) WHERE commission_id IS NOT NULL;
CREATE INDEX messages_of_booking ON messages (booking_id, id) WHERE booking_id IS NOT NULL;
INSERT INTO messages (id, commission_id, party, body, pictures, sent_at)
    SELECT id, commission_id, party, body, pictures, sent_at FROM commission_messages;
DROP TABLE commission_messages;

CREATE TABLE message_reads (
    commission_id INTEGER REFERENCES commissions (id) ON DELETE CASCADE,
    booking_id    INTEGER REFERENCES bookings (id) ON DELETE CASCADE,
    party         TEXT NOT NULL CHECK (party IN ('buyer', 'maker')),
    read_up_to    INTEGER NOT NULL,
    CHECK ((commission_id IS NULL) <> (booking_id IS NULL))
);
CREATE UNIQUE INDEX message_reads_of_commission ON message_reads (commission_id, party)
    WHERE commission_id IS NOT NULL;
CREATE UNIQUE INDEX message_reads_of_booking ON message_reads (booking_id, party)
    WHERE booking_id IS NOT NULL;
INSERT INTO message_reads (commission_id, party, read_up_to)
    SELECT commission_id, party, read_up_to FROM commission_reads;
DROP TABLE commission_reads;
