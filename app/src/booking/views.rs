//! A booking as its buyer or maker reads it on a page.

use super::ConsultationSummary;
#[cfg(feature = "ssr")]
use super::{BookingRecord, Brief, desk::when};
use serde::{Deserialize, Serialize};

/// The longest message a maker sends with an answer.
pub const MAX_ANSWER_CHARS: usize = 2_000;

/// A booking as its buyer or maker reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: i64,
    pub consultation: ConsultationSummary,
    pub maker_name: String,
    pub maker_slug: String,
    /// In the zone of whoever reads it.
    pub when: String,
    /// That zone.
    pub zone: String,
    /// In the other party's zone, when it differs.
    pub elsewhere: Option<String>,
    /// `pending`, `confirmed`, `declined`, `cancelled`.
    pub status: String,
    pub guest_name: String,
    pub guest_email: String,
    pub brief: Vec<(String, String)>,
    pub maker_message: String,
    /// The meeting has ended.
    pub past: bool,
    /// The maker suggested this time; the buyer hasn't accepted it yet.
    pub awaiting_buyer: bool,
    /// The buyer's reference pictures.
    pub pictures: Vec<crate::shared::ImageRef>,
}

impl BookingView {
    /// The booking for its buyer or maker: only they are shown it, so its
    /// reference pictures carry passes (`pass`) to load them.
    #[cfg(feature = "ssr")]
    pub fn of(
        record: &BookingRecord,
        zone: &str,
        other_zone: &str,
        now: jiff::Timestamp,
        pass: &crate::shared::MediaPass,
    ) -> Self {
        let mut brief: Brief = serde_json::from_str(&record.brief).unwrap_or_default();
        for picture in &mut brief.pictures {
            pass.grant(picture, now);
        }
        BookingView {
            id: record.id.0,
            consultation: ConsultationSummary::of(&record.consultation),
            maker_name: record.maker_name.clone(),
            maker_slug: record.maker_slug.clone(),
            when: when(record.meeting, zone),
            zone: zone.to_owned(),
            elsewhere: (zone != other_zone).then(|| when(record.meeting, other_zone)),
            status: record.status.as_str().to_owned(),
            guest_name: record.guest_name.clone(),
            guest_email: record.guest_email.clone(),
            brief: brief
                .lines()
                .into_iter()
                .map(|(label, text)| (label.to_owned(), text))
                .collect(),
            maker_message: record.maker_message.clone(),
            past: record.meeting.end <= now,
            awaiting_buyer: record.awaiting_buyer,
            pictures: brief.pictures,
        }
    }
}

/// What a buyer's page about a booking shows, and the key that lets them act on
/// it without an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerBooking {
    pub booking: BookingView,
    /// Present when the page was opened with a signed link.
    pub key: Option<String>,
    pub may_cancel: bool,
    /// The buyer may move it to another time.
    pub may_move: bool,
    /// The maker suggested its time and the buyer may accept it.
    pub may_accept: bool,
}

/// A brief's reference pictures, as thumbnails that open the full picture.
#[leptos::component]
pub fn ReferencePictures(pictures: Vec<crate::shared::ImageRef>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <ul class="reference-pictures">
            {pictures.into_iter().map(|picture| {
                let full = picture.url();
                view! {
                <li>
                    <a href=full>
                        <crate::shared::ResponsiveImage image=picture sizes="160px"/>
                    </a>
                </li>
            }}).collect_view()}
        </ul>
    }
}
