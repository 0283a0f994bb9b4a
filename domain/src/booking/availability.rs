//! When a maker can meet: weekly hours in the maker's own time zone, dates that
//! differ, buffers, notice, horizon and caps — and the free slots they leave.
//!
//! Hours are civil times in the maker's IANA zone; every slot is an instant. A
//! day's hours become instants once, at their edges, and slots step through real
//! time from there: on the night clocks go back an hour window from 01:00 to 03:00
//! holds three hours of slots, and on the night they go forward it holds one, so no
//! slot is ever an hour off, whichever zone the buyer reads it in.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

/// Hours on one day, in the maker's zone: `start` to `end`, `end` after `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hours {
    pub start: Time,
    pub end: Time,
}

impl Hours {
    pub fn new(start: Time, end: Time) -> Result<Self, AvailabilityError> {
        if end <= start {
            return Err(AvailabilityError::EmptyHours);
        }
        Ok(Hours { start, end })
    }
}

/// Hours that come back every week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklyHours {
    pub weekday: Weekday,
    pub hours: Hours,
}

/// A date that differs from the week: closed, or open at other hours (which then
/// replace that weekday's hours).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateException {
    Closed(Date),
    Open(Date, Vec<Hours>),
}

impl DateException {
    fn date(&self) -> Date {
        match self {
            DateException::Closed(date) | DateException::Open(date, _) => *date,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AvailabilityError {
    #[error("Each opening needs an end after its start.")]
    EmptyHours,
    #[error("A consultation lasts between 15 minutes and 4 hours.")]
    Length,
}

/// Everything that decides when a maker can be booked.
#[derive(Clone, Debug)]
pub struct Availability {
    pub zone: TimeZone,
    pub weekly: Vec<WeeklyHours>,
    pub exceptions: Vec<DateException>,
    /// Free time a consultation needs before it and after it.
    pub buffer_before: SignedDuration,
    pub buffer_after: SignedDuration,
    /// How long before a consultation it can still be booked.
    pub minimum_notice: SignedDuration,
    /// How many days ahead, counting today in the maker's zone, can be booked.
    pub horizon_days: u16,
    /// Most consultations (pending ones too) on one of the maker's days, or weeks
    /// (Monday to Sunday in the maker's zone).
    pub per_day: Option<u16>,
    pub per_week: Option<u16>,
}

/// A consultation's length, 15 minutes to 4 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Length(SignedDuration);

impl Length {
    pub fn minutes(minutes: u16) -> Result<Self, AvailabilityError> {
        if !(15..=240).contains(&minutes) {
            return Err(AvailabilityError::Length);
        }
        Ok(Length(SignedDuration::from_mins(i64::from(minutes))))
    }

    pub fn duration(self) -> SignedDuration {
        self.0
    }
}

/// A stretch of real time, `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Interval {
    fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The interval with the buffers around it.
    pub fn widened(&self, before: SignedDuration, after: SignedDuration) -> Option<Interval> {
        Some(Interval {
            start: self.start.checked_sub(before).ok()?,
            end: self.end.checked_add(after).ok()?,
        })
    }
}

/// A consultation already requested or confirmed: the meeting, and the time it
/// keeps from any other (the meeting with the buffers it was booked with). The
/// database refuses two overlapping `blocked` intervals of one maker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Busy {
    pub meeting: Interval,
    pub blocked: Interval,
}

impl Availability {
    /// The hours open on `date`: the exception for it, or the weekday's hours.
    fn hours_on(&self, date: Date) -> Vec<Hours> {
        if let Some(exception) = self.exceptions.iter().find(|e| e.date() == date) {
            return match exception {
                DateException::Closed(_) => Vec::new(),
                DateException::Open(_, hours) => hours.clone(),
            };
        }
        self.weekly
            .iter()
            .filter(|weekly| weekly.weekday == date.weekday())
            .map(|weekly| weekly.hours)
            .collect()
    }

    /// The instant a civil time on `date` names in the maker's zone. A time that
    /// does not exist (clocks went forward) moves on by the gap; a time that exists
    /// twice (clocks went back) is its earlier instant.
    fn instant(&self, date: Date, time: Time) -> Option<Timestamp> {
        self.zone
            .to_ambiguous_timestamp(date.to_datetime(time))
            .compatible()
            .ok()
    }

    /// The maker's date of an instant.
    fn date_of(&self, at: Timestamp) -> Date {
        at.to_zoned(self.zone.clone()).date()
    }

    /// Whether a consultation at `slot`, with its buffers, keeps clear of the time
    /// every other consultation keeps.
    fn clear_of(&self, slot: &Interval, busy: &[Busy]) -> bool {
        slot.widened(self.buffer_before, self.buffer_after)
            .is_some_and(|blocked| busy.iter().all(|other| !blocked.overlaps(&other.blocked)))
    }

    fn count_on(&self, date: Date, busy: &[Busy]) -> usize {
        busy.iter()
            .filter(|b| self.date_of(b.meeting.start) == date)
            .count()
    }

    fn count_in_week_of(&self, date: Date, busy: &[Busy]) -> usize {
        let week = date.iso_week_date();
        busy.iter()
            .filter(|b| {
                let other = self.date_of(b.meeting.start).iso_week_date();
                (other.year(), other.week()) == (week.year(), week.week())
            })
            .count()
    }

    /// The free slots of `length` on the maker's `date` starting no earlier than
    /// `earliest`. Slots start at the opening of each of the day's hours and follow
    /// one another without gaps.
    fn slots_on(
        &self,
        date: Date,
        length: Length,
        busy: &[Busy],
        earliest: Timestamp,
    ) -> Vec<Interval> {
        let capped = self
            .per_day
            .is_some_and(|cap| self.count_on(date, busy) >= usize::from(cap))
            || self
                .per_week
                .is_some_and(|cap| self.count_in_week_of(date, busy) >= usize::from(cap));
        if capped {
            return Vec::new();
        }
        let mut slots = Vec::new();
        for hours in self.hours_on(date) {
            let (Some(open), Some(close)) = (
                self.instant(date, hours.start),
                self.instant(date, hours.end),
            ) else {
                continue;
            };
            let mut start = open;
            while let Ok(end) = start.checked_add(length.duration()) {
                if end > close {
                    break;
                }
                let slot = Interval { start, end };
                if start >= earliest && self.clear_of(&slot, busy) {
                    slots.push(slot);
                }
                start = end;
            }
        }
        slots
    }

    /// The maker's dates that can be booked from `now`: today to the horizon.
    fn bookable_dates(&self, now: Timestamp) -> impl Iterator<Item = Date> {
        let today = self.date_of(now);
        (0..i64::from(self.horizon_days))
            .map_while(move |offset| today.checked_add(offset.days()).ok())
    }

    /// The free slots of `length` from `now` to the horizon, given the maker's
    /// consultations already requested or confirmed (`busy`). A consultation's
    /// buffers never overlap another's, so two follow each other by at least the
    /// one's buffer after plus the other's buffer before.
    pub fn free_slots(&self, length: Length, busy: &[Busy], now: Timestamp) -> Vec<Interval> {
        let Ok(earliest) = now.checked_add(self.minimum_notice) else {
            return Vec::new();
        };
        let mut slots: Vec<Interval> = self
            .bookable_dates(now)
            .flat_map(|date| self.slots_on(date, length, busy, earliest))
            .collect();
        slots.sort();
        slots.dedup();
        slots
    }

    /// Whether `start` is one of the free slots: inside the hours, on the grid,
    /// after the notice, within the horizon, clear of other consultations and
    /// under the caps. Only the day of `start` is worked out.
    pub fn offers(&self, length: Length, start: Timestamp, busy: &[Busy], now: Timestamp) -> bool {
        let Ok(earliest) = now.checked_add(self.minimum_notice) else {
            return false;
        };
        let date = self.date_of(start);
        self.bookable_dates(now).any(|bookable| bookable == date)
            && self
                .slots_on(date, length, busy, earliest)
                .iter()
                .any(|slot| slot.start == start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn hours(from: i8, to: i8) -> Hours {
        Hours::new(time(from, 0, 0, 0), time(to, 0, 0, 0)).unwrap()
    }

    fn every_day(zone_name: &str, from: i8, to: i8) -> Availability {
        Availability {
            zone: zone(zone_name),
            weekly: [
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
                Weekday::Saturday,
                Weekday::Sunday,
            ]
            .into_iter()
            .map(|weekday| WeeklyHours {
                weekday,
                hours: hours(from, to),
            })
            .collect(),
            exceptions: Vec::new(),
            buffer_before: SignedDuration::ZERO,
            buffer_after: SignedDuration::ZERO,
            minimum_notice: SignedDuration::ZERO,
            horizon_days: 3,
            per_day: None,
            per_week: None,
        }
    }

    fn at(zone_name: &str, y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
        date(y, mo, d)
            .at(h, mi, 0, 0)
            .to_zoned(zone(zone_name))
            .unwrap()
            .timestamp()
    }

    fn hour(length: u16) -> Length {
        Length::minutes(length).unwrap()
    }

    /// The slots' starts on one of the maker's dates, as `zone_name` reads them.
    fn starts_on(slots: &[Interval], day: Date, maker: &str, reader: &str) -> Vec<String> {
        slots
            .iter()
            .filter(|s| s.start.to_zoned(zone(maker)).date() == day)
            .map(|s| {
                s.start
                    .to_zoned(zone(reader))
                    .strftime("%H:%M %Z")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn a_london_spring_forward_night_is_an_hour_shorter_for_a_new_york_buyer_too() {
        // 29 March 2026: London goes from 01:00 GMT to 02:00 BST. New York changed on
        // 8 March, so it is 4 hours behind London again after the jump, 5 before.
        let maker = every_day("Europe/London", 0, 4);
        let now = at("Europe/London", 2026, 3, 28, 12, 0);
        let slots = maker.free_slots(hour(60), &[], now);
        let night = date(2026, 3, 29);
        assert_eq!(
            starts_on(&slots, night, "Europe/London", "Europe/London"),
            ["00:00 GMT", "02:00 BST", "03:00 BST"],
            "01:00 does not exist that night"
        );
        assert_eq!(
            starts_on(&slots, night, "Europe/London", "America/New_York"),
            ["20:00 EDT", "21:00 EDT", "22:00 EDT"]
        );
        for slot in &slots {
            assert_eq!(
                slot.end.duration_since(slot.start),
                SignedDuration::from_hours(1)
            );
        }
    }

    #[test]
    fn a_london_fall_back_night_is_an_hour_longer_and_no_slot_repeats() {
        // 25 October 2026: London goes from 02:00 BST back to 01:00 GMT; New York
        // changes a week later (1 November), so it is 4 hours behind after, 5 before.
        let maker = every_day("Europe/London", 0, 3);
        let now = at("Europe/London", 2026, 10, 24, 12, 0);
        let slots = maker.free_slots(hour(60), &[], now);
        let night = date(2026, 10, 25);
        assert_eq!(
            starts_on(&slots, night, "Europe/London", "Europe/London"),
            ["00:00 BST", "01:00 BST", "01:00 GMT", "02:00 GMT"]
        );
        assert_eq!(
            starts_on(&slots, night, "Europe/London", "America/New_York"),
            ["19:00 EDT", "20:00 EDT", "21:00 EDT", "22:00 EDT"]
        );
    }

    #[test]
    fn a_new_york_buyer_sees_daytime_london_hours_shift_with_their_own_change() {
        // Between 8 and 29 March 2026 New York is on summer time and London is not:
        // London's 10:00 is 06:00 in New York, not the usual 05:00.
        let maker = every_day("Europe/London", 10, 12);
        let slots = maker.free_slots(hour(60), &[], at("Europe/London", 2026, 3, 9, 8, 0));
        assert_eq!(
            starts_on(
                &slots,
                date(2026, 3, 10),
                "Europe/London",
                "America/New_York"
            ),
            ["06:00 EDT", "07:00 EDT"]
        );
        let slots = maker.free_slots(hour(60), &[], at("Europe/London", 2026, 4, 9, 8, 0));
        assert_eq!(
            starts_on(
                &slots,
                date(2026, 4, 10),
                "Europe/London",
                "America/New_York"
            ),
            ["05:00 EDT", "06:00 EDT"]
        );
    }

    #[test]
    fn lord_howe_shifts_by_half_an_hour() {
        // 5 April 2026, 02:00 on Lord Howe Island: clocks go back 30 minutes
        // (UTC+11 to UTC+10:30), so 01:30–02:00 happens twice.
        let maker = every_day("Australia/Lord_Howe", 1, 3);
        let slots = maker.free_slots(hour(30), &[], at("Australia/Lord_Howe", 2026, 4, 4, 12, 0));
        let night = date(2026, 4, 5);
        let utc = starts_on(&slots, night, "Australia/Lord_Howe", "UTC");
        assert_eq!(
            utc,
            [
                "14:00 UTC",
                "14:30 UTC",
                "15:00 UTC",
                "15:30 UTC",
                "16:00 UTC"
            ],
            "two and a half real hours of slots in a two-hour window"
        );
        // 4 October 2026: forward 30 minutes at 02:00, so 02:00–02:30 never happens.
        let slots = maker.free_slots(hour(30), &[], at("Australia/Lord_Howe", 2026, 10, 3, 12, 0));
        assert_eq!(
            starts_on(
                &slots,
                date(2026, 10, 4),
                "Australia/Lord_Howe",
                "Australia/Lord_Howe"
            ),
            ["01:00 +1030", "01:30 +1030", "02:30 +11"]
        );
    }

    #[test]
    fn a_zone_without_daylight_saving_keeps_its_hours_all_year() {
        let maker = every_day("Asia/Tokyo", 9, 11);
        for (month, day) in [(3, 29), (10, 25), (1, 15)] {
            let now = at("Asia/Tokyo", 2026, month, day - 1, 12, 0);
            let slots = maker.free_slots(hour(60), &[], now);
            assert_eq!(
                starts_on(&slots, date(2026, month, day), "Asia/Tokyo", "UTC"),
                ["00:00 UTC", "01:00 UTC"]
            );
        }
    }

    #[test]
    fn busy_time_buffers_notice_horizon_and_caps_remove_slots() {
        let mut maker = every_day("Europe/London", 9, 13);
        maker.horizon_days = 2;
        let now = at("Europe/London", 2026, 6, 1, 9, 30);
        // Notice: today's 09:00 has begun, 10:00 is too soon with two hours' notice.
        maker.minimum_notice = SignedDuration::from_hours(2);
        let slots = maker.free_slots(hour(60), &[], now);
        let today = date(2026, 6, 1);
        assert_eq!(
            starts_on(&slots, today, "Europe/London", "Europe/London"),
            ["12:00 BST"]
        );
        assert!(
            starts_on(&slots, date(2026, 6, 3), "Europe/London", "Europe/London").is_empty(),
            "beyond the horizon"
        );

        // A consultation at 10:00 tomorrow, with 30 minutes' buffer after each.
        maker.minimum_notice = SignedDuration::ZERO;
        maker.buffer_after = SignedDuration::from_mins(30);
        let meeting = Interval {
            start: at("Europe/London", 2026, 6, 2, 10, 0),
            end: at("Europe/London", 2026, 6, 2, 11, 0),
        };
        let booked = Busy {
            meeting,
            blocked: meeting
                .widened(maker.buffer_before, maker.buffer_after)
                .unwrap(),
        };
        let slots = maker.free_slots(hour(60), &[booked], now);
        assert_eq!(
            starts_on(&slots, date(2026, 6, 2), "Europe/London", "Europe/London"),
            ["12:00 BST"],
            "09:00 would run into 10:00's buffer; 11:00 is inside 10:00's buffer"
        );

        maker.per_day = Some(1);
        let slots = maker.free_slots(hour(60), &[booked], now);
        assert!(starts_on(&slots, date(2026, 6, 2), "Europe/London", "Europe/London").is_empty());
        assert!(!starts_on(&slots, today, "Europe/London", "Europe/London").is_empty());
        maker.per_day = None;
        maker.per_week = Some(1);
        assert!(
            maker.free_slots(hour(60), &[booked], now).is_empty(),
            "1 and 2 June 2026 are in the same week"
        );
    }

    #[test]
    fn exceptions_close_a_day_or_replace_its_hours() {
        let mut maker = every_day("Europe/London", 9, 11);
        maker.exceptions = vec![
            DateException::Closed(date(2026, 12, 25)),
            DateException::Open(date(2026, 12, 26), vec![hours(14, 15)]),
        ];
        let slots = maker.free_slots(hour(60), &[], at("Europe/London", 2026, 12, 24, 8, 0));
        assert_eq!(
            starts_on(&slots, date(2026, 12, 24), "Europe/London", "Europe/London"),
            ["09:00 GMT", "10:00 GMT"]
        );
        assert!(starts_on(&slots, date(2026, 12, 25), "Europe/London", "Europe/London").is_empty());
        assert_eq!(
            starts_on(&slots, date(2026, 12, 26), "Europe/London", "Europe/London"),
            ["14:00 GMT"]
        );
    }

    #[test]
    fn only_a_free_slot_on_the_grid_is_offered() {
        let maker = every_day("Europe/London", 9, 12);
        let now = at("Europe/London", 2026, 6, 1, 7, 0);
        let length = hour(60);
        assert!(maker.offers(length, at("Europe/London", 2026, 6, 1, 10, 0), &[], now));
        for refused in [
            at("Europe/London", 2026, 6, 1, 10, 15), // off the grid
            at("Europe/London", 2026, 6, 1, 12, 0),  // ends after closing
            at("Europe/London", 2026, 6, 1, 6, 0),   // in the past
            at("Europe/London", 2026, 6, 9, 10, 0),  // beyond the horizon
        ] {
            assert!(!maker.offers(length, refused, &[], now), "{refused}");
        }
        assert_eq!(Length::minutes(10), Err(AvailabilityError::Length));
        assert_eq!(
            Hours::new(time(12, 0, 0, 0), time(9, 0, 0, 0)),
            Err(AvailabilityError::EmptyHours)
        );
    }
}
