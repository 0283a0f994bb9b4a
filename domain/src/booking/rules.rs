//! A maker's availability as it is stored and edited: plain values (an IANA zone
//! name, `09:00`, `2026-12-25`), turned into the typed `Availability` the slots
//! are computed from — which refuses a zone that doesn't exist or hours that end
//! before they start.

use serde::{Deserialize, Serialize};

/// Hours on a weekday (`monday` … `sunday`), `HH:MM` to `HH:MM`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyRule {
    pub weekday: String,
    pub start: String,
    pub end: String,
}

/// A date that differs from the week: closed when it has no hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionRule {
    pub date: String,
    pub hours: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityRules {
    pub zone: String,
    pub weekly: Vec<WeeklyRule>,
    pub exceptions: Vec<ExceptionRule>,
    pub buffer_before_minutes: u16,
    pub buffer_after_minutes: u16,
    pub notice_minutes: u32,
    pub horizon_days: u16,
    pub per_day: Option<u16>,
    pub per_week: Option<u16>,
}

/// The longest a maker can be booked ahead: a year.
pub const MAX_HORIZON_DAYS: u16 = 366;

impl AvailabilityRules {
    /// `start`–`end` in `zone` on the first `days` days of the week (5: Monday to
    /// Friday, 7: every day), bookable `horizon_days` ahead, with no buffers, notice
    /// or limits: the starting point of the studio's defaults, the demo data, the
    /// tests and the benchmarks, each changing what it needs.
    pub fn same_hours(zone: &str, days: usize, start: &str, end: &str, horizon_days: u16) -> Self {
        AvailabilityRules {
            zone: zone.to_owned(),
            weekly: super::WEEKDAYS
                .iter()
                .take(days)
                .map(|(weekday, _)| WeeklyRule {
                    weekday: (*weekday).to_owned(),
                    start: start.to_owned(),
                    end: end.to_owned(),
                })
                .collect(),
            exceptions: vec![],
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
            notice_minutes: 0,
            horizon_days,
            per_day: None,
            per_week: None,
        }
    }
}

mod typed {
    use super::{AvailabilityRules, MAX_HORIZON_DAYS};
    use crate::booking::availability::{Availability, DateException, Hours, WeeklyHours};
    use jiff::SignedDuration;
    use jiff::civil::{Date, Time, Weekday};
    use jiff::tz::TimeZone;

    const WEEKDAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Monday),
        ("tuesday", Weekday::Tuesday),
        ("wednesday", Weekday::Wednesday),
        ("thursday", Weekday::Thursday),
        ("friday", Weekday::Friday),
        ("saturday", Weekday::Saturday),
        ("sunday", Weekday::Sunday),
    ];

    fn time(text: &str) -> Result<Time, String> {
        text.trim()
            .parse::<Time>()
            .map_err(|_| format!("“{text}” isn't a time of day; write it as 09:30."))
    }

    fn hours(start: &str, end: &str) -> Result<Hours, String> {
        Hours::new(time(start)?, time(end)?).map_err(|error| error.to_string())
    }

    impl AvailabilityRules {
        /// The typed availability, or what is wrong in words for the maker.
        pub fn availability(&self) -> Result<Availability, String> {
            let zone = TimeZone::get(self.zone.trim()).map_err(|_| {
                format!(
                    "“{}” isn't a time zone we know; choose one such as Europe/London.",
                    self.zone
                )
            })?;
            let weekly = self
                .weekly
                .iter()
                .map(|rule| {
                    let weekday = WEEKDAYS
                        .iter()
                        .find(|(name, _)| *name == rule.weekday)
                        .map(|(_, day)| *day)
                        .ok_or_else(|| format!("“{}” isn't a day of the week.", rule.weekday))?;
                    Ok(WeeklyHours {
                        weekday,
                        hours: hours(&rule.start, &rule.end)?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let exceptions = self
                .exceptions
                .iter()
                .map(|rule| {
                    let date = rule.date.trim().parse::<Date>().map_err(|_| {
                        format!("“{}” isn't a date; write it as 2026-12-24.", rule.date)
                    })?;
                    if rule.hours.is_empty() {
                        return Ok(DateException::Closed(date));
                    }
                    let open = rule
                        .hours
                        .iter()
                        .map(|(start, end)| hours(start, end))
                        .collect::<Result<Vec<_>, String>>()?;
                    Ok(DateException::Open(date, open))
                })
                .collect::<Result<Vec<_>, String>>()?;
            if self.horizon_days == 0 || self.horizon_days > MAX_HORIZON_DAYS {
                return Err(format!(
                    "Bookings can be taken from 1 to {MAX_HORIZON_DAYS} days ahead."
                ));
            }
            Ok(Availability {
                zone,
                weekly,
                exceptions,
                buffer_before: SignedDuration::from_mins(i64::from(self.buffer_before_minutes)),
                buffer_after: SignedDuration::from_mins(i64::from(self.buffer_after_minutes)),
                minimum_notice: SignedDuration::from_mins(i64::from(self.notice_minutes)),
                horizon_days: self.horizon_days,
                per_day: self.per_day,
                per_week: self.per_week,
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::super::*;

        fn rules() -> AvailabilityRules {
            AvailabilityRules {
                zone: "Europe/London".into(),
                weekly: vec![WeeklyRule {
                    weekday: "tuesday".into(),
                    start: "09:30".into(),
                    end: "12:00".into(),
                }],
                exceptions: vec![
                    ExceptionRule {
                        date: "2026-12-25".into(),
                        hours: vec![],
                    },
                    ExceptionRule {
                        date: "2026-12-27".into(),
                        hours: vec![("10:00".into(), "11:00".into())],
                    },
                ],
                buffer_before_minutes: 10,
                buffer_after_minutes: 15,
                notice_minutes: 720,
                horizon_days: 60,
                per_day: Some(3),
                per_week: None,
            }
        }

        #[test]
        fn stored_rules_become_typed_availability() {
            let availability = rules().availability().unwrap();
            assert_eq!(availability.weekly.len(), 1);
            assert_eq!(availability.exceptions.len(), 2);
            assert_eq!(availability.minimum_notice.as_mins(), 720);
        }

        #[test]
        fn nonsense_is_refused_in_words() {
            type Spoil = fn(&mut AvailabilityRules);
            let cases: Vec<(Spoil, &str)> = vec![
                (|r| r.zone = "Mars/Olympus".into(), "isn't a time zone"),
                (|r| r.weekly[0].weekday = "funday".into(), "day of the week"),
                (|r| r.weekly[0].start = "9.30am".into(), "time of day"),
                (|r| r.weekly[0].end = "08:00".into(), "end after its start"),
                (
                    |r| r.exceptions[0].date = "25/12/2026".into(),
                    "isn't a date",
                ),
                (|r| r.horizon_days = 0, "days ahead"),
                (|r| r.horizon_days = 5_000, "days ahead"),
            ];
            for (spoil, expected) in cases {
                let mut rules = rules();
                spoil(&mut rules);
                let error = rules.availability().unwrap_err();
                assert!(error.contains(expected), "{error}");
            }
        }
    }
}
