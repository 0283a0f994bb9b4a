-- A booking can move to another time: the buyer reschedules, or the maker
-- suggests another time, which then waits for the buyer to accept it.
ALTER TABLE bookings ADD COLUMN awaiting_buyer INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_buyer IN (0, 1));
