//! The maker's booking forms as they are posted — every field a string, so a
//! refused form comes back as typed — and what they parse into.

use super::{AvailabilityRules, ExceptionRule, MAX_HORIZON_DAYS, WeeklyRule};
use serde::{Deserialize, Serialize};

pub const WEEKDAYS: [(&str, &str); 7] = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
];

/// Two spans of hours a day (a morning and an afternoon) are what the form offers.
pub const SPANS_PER_DAY: usize = 2;

/// One span of hours on a weekday; blank times mean none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HoursRow {
    pub weekday: String,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AvailabilityForm {
    pub zone: String,
    /// `SPANS_PER_DAY` rows per weekday, Monday first.
    pub hours: Vec<HoursRow>,
    /// One date per line: `2026-12-24 closed` or `2026-12-27 10:00-13:00, 14:00-16:00`.
    pub exceptions: String,
    pub buffer_before: String,
    pub buffer_after: String,
    pub notice_hours: String,
    pub horizon_days: String,
    pub per_day: String,
    pub per_week: String,
}

/// The longest the exceptions may be.
pub const MAX_EXCEPTIONS_CHARS: usize = 4_000;

fn whole<T>(text: &str, what: &str, range: (T, T)) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let value = text
        .trim()
        .parse::<T>()
        .map_err(|_| format!("Please give the {what} as a whole number."))?;
    if value < range.0 || value > range.1 {
        return Err(format!(
            "The {what} must be between {} and {}.",
            range.0, range.1
        ));
    }
    Ok(value)
}

fn optional_cap(text: &str, what: &str) -> Result<Option<u16>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        whole(text, what, (1, 100)).map(Some)
    }
}

impl AvailabilityForm {
    /// The form for stored rules, or for a maker who has none yet: weekdays
    /// 10:00–16:00 in `zone`.
    pub fn of(rules: Option<&AvailabilityRules>, zone: &str) -> Self {
        let default;
        let rules = match rules {
            Some(rules) => rules,
            None => {
                default = AvailabilityRules {
                    buffer_after_minutes: 15,
                    notice_minutes: 24 * 60,
                    per_day: Some(3),
                    ..AvailabilityRules::same_hours(zone, 5, "10:00", "16:00", 60)
                };
                &default
            }
        };
        let mut hours = Vec::new();
        for (day, _) in WEEKDAYS {
            let mut spans = rules.weekly.iter().filter(|rule| rule.weekday == day);
            for _ in 0..SPANS_PER_DAY {
                hours.push(match spans.next() {
                    Some(rule) => HoursRow {
                        weekday: day.to_owned(),
                        start: rule.start.clone(),
                        end: rule.end.clone(),
                    },
                    None => HoursRow {
                        weekday: day.to_owned(),
                        ..HoursRow::default()
                    },
                });
            }
        }
        let exceptions = rules
            .exceptions
            .iter()
            .map(|exception| {
                if exception.hours.is_empty() {
                    format!("{} closed", exception.date)
                } else {
                    let spans: Vec<String> = exception
                        .hours
                        .iter()
                        .map(|(start, end)| format!("{start}-{end}"))
                        .collect();
                    format!("{} {}", exception.date, spans.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        AvailabilityForm {
            zone: rules.zone.clone(),
            hours,
            exceptions,
            buffer_before: rules.buffer_before_minutes.to_string(),
            buffer_after: rules.buffer_after_minutes.to_string(),
            notice_hours: (rules.notice_minutes / 60).to_string(),
            horizon_days: rules.horizon_days.to_string(),
            per_day: rules.per_day.map(|n| n.to_string()).unwrap_or_default(),
            per_week: rules.per_week.map(|n| n.to_string()).unwrap_or_default(),
        }
    }

    /// The rules, or what is wrong in the maker's words. The typed check (zones,
    /// times, spans that end before they start) is `AvailabilityRules::availability`.
    pub fn parse(&self) -> Result<AvailabilityRules, String> {
        if self.hours.len() > WEEKDAYS.len() * SPANS_PER_DAY {
            return Err("Please use the hours the form shows.".into());
        }
        let weekly = self
            .hours
            .iter()
            .filter(|row| !(row.start.trim().is_empty() && row.end.trim().is_empty()))
            .map(|row| {
                // Found by fuzzing: a day the form never shows was kept, and the
                // form read back without it.
                let Some((_, day)) = WEEKDAYS.iter().find(|(slug, _)| *slug == row.weekday) else {
                    return Err("Please use the hours the form shows.".into());
                };
                if row.start.trim().is_empty() || row.end.trim().is_empty() {
                    return Err(format!(
                        "Please give {day}'s hours both a start and an end."
                    ));
                }
                Ok(WeeklyRule {
                    weekday: row.weekday.clone(),
                    start: row.start.trim().to_owned(),
                    end: row.end.trim().to_owned(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        if weekly.is_empty() {
            return Err("Please give the hours of at least one day of the week.".into());
        }
        if self.exceptions.chars().count() > MAX_EXCEPTIONS_CHARS {
            return Err(format!(
                "Please keep the dates that differ under {MAX_EXCEPTIONS_CHARS} characters."
            ));
        }
        let exceptions = self
            .exceptions
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(exception)
            .collect::<Result<Vec<_>, String>>()?;
        Ok(AvailabilityRules {
            zone: self.zone.trim().to_owned(),
            weekly,
            exceptions,
            buffer_before_minutes: whole(&self.buffer_before, "buffer before", (0, 120))?,
            buffer_after_minutes: whole(&self.buffer_after, "buffer after", (0, 120))?,
            notice_minutes: whole::<u32>(&self.notice_hours, "minimum notice in hours", (0, 720))?
                * 60,
            horizon_days: whole(&self.horizon_days, "booking horizon", (1, MAX_HORIZON_DAYS))?,
            per_day: optional_cap(&self.per_day, "most consultations a day")?,
            per_week: optional_cap(&self.per_week, "most consultations a week")?,
        })
    }
}

/// `2026-12-24 closed` or `2026-12-27 10:00-13:00, 14:00-16:00`.
fn exception(line: &str) -> Result<ExceptionRule, String> {
    let (date, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let hours = if rest.is_empty() || rest.eq_ignore_ascii_case("closed") {
        Vec::new()
    } else {
        rest.split(',')
            .map(|span| {
                let (start, end) = span
                    .trim()
                    .split_once(['-', '–'])
                    .ok_or_else(|| format!("“{line}”: write the hours as 10:00-13:00."))?;
                Ok((start.trim().to_owned(), end.trim().to_owned()))
            })
            .collect::<Result<Vec<_>, String>>()?
    };
    Ok(ExceptionRule {
        date: date.to_owned(),
        hours,
    })
}

/// A consultation type as the maker offers it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultationForm {
    pub name: String,
    pub minutes: String,
    pub format: String,
    pub description: String,
    /// Blank when free.
    pub price: String,
    pub currency: String,
    /// `on` when the maker approves each request.
    pub needs_approval: Option<String>,
}

pub const MAX_CONSULTATION_NAME_CHARS: usize = 80;
pub const MAX_CONSULTATION_DESCRIPTION_CHARS: usize = 1_000;

/// The lengths a consultation may have, in minutes.
pub fn lengths() -> Vec<(String, String)> {
    (1..=16)
        .map(|quarters| quarters * 15)
        .map(|minutes: u16| (minutes.to_string(), super::length_label(minutes)))
        .collect()
}

pub const FORMATS: [(&str, &str); 3] = [
    ("video-call", "Video call"),
    ("studio-visit", "Studio visit"),
    ("phone", "Phone call"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AvailabilityForm {
        AvailabilityForm::of(None, "Europe/London")
    }

    #[test]
    fn a_new_maker_starts_from_weekday_hours_that_parse_and_round_trip() {
        let rules = form().parse().unwrap();
        assert_eq!(rules.weekly.len(), 5);
        assert!(rules.availability().is_ok());
        assert_eq!(AvailabilityForm::of(Some(&rules), "Asia/Tokyo"), form());
    }

    #[test]
    fn two_spans_a_day_and_dates_that_differ() {
        let mut form = form();
        form.hours[1] = HoursRow {
            weekday: "monday".into(),
            start: "17:00".into(),
            end: "19:30".into(),
        };
        form.exceptions = "2026-12-24 closed\n\n2026-12-27 10:00-13:00, 14:00–16:00\n".into();
        form.per_day.clear();
        let rules = form.parse().unwrap();
        assert_eq!(
            rules
                .weekly
                .iter()
                .filter(|r| r.weekday == "monday")
                .count(),
            2
        );
        assert_eq!(rules.exceptions[0].hours, vec![]);
        assert_eq!(
            rules.exceptions[1].hours,
            vec![
                ("10:00".to_owned(), "13:00".to_owned()),
                ("14:00".to_owned(), "16:00".to_owned())
            ]
        );
        assert_eq!(rules.per_day, None);
        assert!(rules.availability().is_ok());
        assert_eq!(
            AvailabilityForm::of(Some(&rules), "").parse().unwrap(),
            rules
        );
    }

    #[test]
    fn mistakes_are_named() {
        type Spoil = fn(&mut AvailabilityForm);
        let cases: Vec<(Spoil, &str)> = vec![
            (
                |f| f.hours[0].end.clear(),
                "Monday's hours both a start and an end",
            ),
            (
                |f| {
                    f.hours.iter_mut().for_each(|h| {
                        h.start.clear();
                        h.end.clear()
                    })
                },
                "at least one day",
            ),
            (
                |f| f.buffer_after = "lots".into(),
                "buffer after as a whole number",
            ),
            (|f| f.horizon_days = "400".into(), "between 1 and 366"),
            (|f| f.per_week = "0".into(), "between 1 and 100"),
            (
                |f| f.exceptions = "2026-12-27 ten till one".into(),
                "write the hours as",
            ),
            (
                |f| f.hours = vec![HoursRow::default(); 15],
                "hours the form shows",
            ),
            (
                |f| f.hours[0].weekday = ":unday".into(),
                "hours the form shows",
            ),
        ];
        for (spoil, expected) in cases {
            let mut form = form();
            spoil(&mut form);
            let error = form.parse().unwrap_err();
            assert!(error.contains(expected), "{expected}: {error}");
        }
    }
}
