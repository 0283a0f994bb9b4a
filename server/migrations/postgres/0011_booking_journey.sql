-- What booking needs beyond the time itself: a guest's address confirmed by an
-- emailed link (until then the time is held only until `hold_until`), the maker's
-- message when declining or cancelling, the iCalendar SEQUENCE each change of an
-- invite moves on, and a consultation type a maker no longer offers.
ALTER TABLE bookings ADD COLUMN email_confirmed_at TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN hold_until TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN maker_message TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bookings_held ON bookings (hold_until) WHERE hold_until IS NOT NULL;
ALTER TABLE consultations ADD COLUMN retired_at TIMESTAMPTZ;

-- The signed links in booking emails are single-use: a used one is recorded here.
CREATE TABLE used_booking_links (
    digest  TEXT PRIMARY KEY,
    used_at TIMESTAMPTZ NOT NULL
);

-- Mail sent later (a reminder before a meeting), an attachment (an iCalendar
-- invite), and a topic by which unsent mail is withdrawn (a cancelled meeting's
-- reminder).
ALTER TABLE outbox ADD COLUMN not_before TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
ALTER TABLE outbox ADD COLUMN topic TEXT;
CREATE INDEX outbox_by_topic ON outbox (topic) WHERE topic IS NOT NULL AND sent_at IS NULL;
