//! A booking as its buyer or maker reads it on a page.

use super::ConsultationSummary;
use super::availability::Interval;
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

/// A line of a signed-in buyer's list of their bookings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerBookingLine {
    pub booking: BookingView,
    /// The maker's messages the buyer hasn't read.
    pub unread: u32,
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

/// `Tuesday 2 June 2026, 10:00–10:45 (Europe/London)`.
pub fn when(meeting: Interval, zone: &str) -> String {
    let Ok(tz) = jiff::tz::TimeZone::get(zone) else {
        return meeting.start.to_string();
    };
    let start = meeting.start.to_zoned(tz.clone());
    let end = meeting.end.to_zoned(tz);
    format!(
        "{}–{} ({})",
        start.strftime("%A %-d %B %Y, %H:%M"),
        end.strftime("%H:%M"),
        zone.replace('_', " ")
    )
}
