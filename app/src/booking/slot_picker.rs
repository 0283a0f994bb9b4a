//! A week of free times as radio buttons, grouped by day, in one time zone, with
//! links to the weeks before and after: how a buyer books a time, moves their
//! booking, and how a maker suggests another time.

use serde::{Deserialize, Serialize};

/// Days of times shown at once.
#[cfg(feature = "ssr")]
const DAYS_SHOWN: i64 = 7;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotChoice {
    /// The start, as a UTC instant (`2026-06-02T09:00:00Z`).
    pub value: String,
    /// `10:00–10:45` in the zone shown.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDay {
    /// `Tuesday 2 June`.
    pub label: String,
    pub slots: Vec<SlotChoice>,
}

/// The free times of one week, in `zone`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotWeek {
    pub zone: String,
    /// The first day shown, `YYYY-MM-DD` in `zone`.
    pub from: String,
    pub days: Vec<SlotDay>,
    /// The first day of the page before, when there are free times before `from`.
    pub earlier: Option<String>,
    pub later: Option<String>,
}

/// The week of `slots` from `from` (`YYYY-MM-DD` in `zone`; the first free day
/// when it isn't a date).
#[cfg(feature = "ssr")]
pub fn slot_week(
    slots: &[super::availability::Interval],
    zone: &str,
    from: &str,
    now: jiff::Timestamp,
) -> Result<SlotWeek, crate::error::AppError> {
    use crate::error::AppError;
    use jiff::ToSpan;
    let tz = jiff::tz::TimeZone::get(zone).map_err(AppError::internal)?;
    let first_day = slots
        .first()
        .map(|slot| slot.start.to_zoned(tz.clone()).date());
    let from = from
        .trim()
        .parse::<jiff::civil::Date>()
        .ok()
        .or(first_day)
        .unwrap_or_else(|| now.to_zoned(tz.clone()).date());
    let until = from
        .checked_add(DAYS_SHOWN.days())
        .map_err(AppError::internal)?;
    let mut days: Vec<SlotDay> = Vec::new();
    let mut earlier = None;
    let mut later = None;
    for slot in slots {
        let start = slot.start.to_zoned(tz.clone());
        let date = start.date();
        if date < from {
            earlier = Some(date);
            continue;
        }
        if date >= until {
            later.get_or_insert(date);
            continue;
        }
        let label = start.strftime("%A %-d %B").to_string();
        let choice = SlotChoice {
            value: slot.start.to_string(),
            label: format!(
                "{}–{}",
                start.strftime("%H:%M"),
                slot.end.to_zoned(tz.clone()).strftime("%H:%M")
            ),
        };
        match days.last_mut() {
            Some(day) if day.label == label => day.slots.push(choice),
            _ => days.push(SlotDay {
                label,
                slots: vec![choice],
            }),
        }
    }
    // Earlier goes back a whole page, not just to the day before.
    let earlier = earlier.map(|last| {
        from.checked_sub(DAYS_SHOWN.days())
            .ok()
            .filter(|start| *start <= last)
            .unwrap_or(last)
            .to_string()
    });
    Ok(SlotWeek {
        zone: zone.to_owned(),
        from: from.to_string(),
        days,
        earlier,
        later: later.map(|date| date.to_string()),
    })
}

/// The week's times as a required radio group named `start`. `page` is this
/// page's address ending in `?…&` or `?`, to which `from=` is added for the
/// weeks before and after.
#[leptos::component]
pub fn SlotPicker(week: SlotWeek, page: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let link = |from: &Option<String>| from.as_ref().map(|from| format!("{page}from={from}"));
    let earlier = link(&week.earlier);
    let later = link(&week.later);
    view! {
        <fieldset class="slots">
            <legend>{format!("Choose a time ({})", week.zone.replace('_', " "))}</legend>
            {if week.days.is_empty() {
                view! { <p>"No free times in these days."</p> }.into_any()
            } else {
                week.days.into_iter().map(|day| view! {
                    <div class="slots__day" role="group" aria-label=day.label.clone()>
                        <p class="slots__date" aria-hidden="true">{day.label.clone()}</p>
                        <ul class="slots__times">
                            {day.slots.into_iter().map(|slot| {
                                let label = format!("{} {}", day.label, slot.label);
                                view! {
                                    <li>
                                        <label class="slot">
                                            <input type="radio" name="start" value=slot.value required=true aria-label=label/>
                                            <span>{slot.label}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }).collect_view().into_any()
            }}
            <p class="slots__pages">
                {earlier.map(|href| view! { <a href=href>"Earlier dates"</a> " " })}
                {later.map(|href| view! { <a href=href>"Later dates"</a> })}
            </p>
        </fieldset>
    }
}
