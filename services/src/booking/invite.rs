//! The calendar invite sent with a booking (iCalendar, RFC 5545): times in UTC,
//! one UID per booking, so an update (`METHOD:REQUEST`, a higher SEQUENCE) or a
//! cancellation (`METHOD:CANCEL`) replaces the invite already in the calendar.

use super::BookingRecord;
use crate::accounts::Attachment;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

/// Whether the invite asks to add or update the meeting, or takes it away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteMethod {
    Request,
    Cancel,
}

fn utc(at: jiff::Timestamp) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.as_second(), at.subsec_nanosecond().unsigned_abs())
        .unwrap_or_default()
}

/// `booking-12@touchstone.example`: the same for every version of one booking.
pub fn invite_uid(booking: &BookingRecord, site: &str) -> String {
    let host = site
        .split("://")
        .nth(1)
        .unwrap_or(site)
        .split(['/', ':'])
        .next()
        .filter(|host| !host.is_empty())
        .unwrap_or("touchstone.invalid");
    format!("booking-{}@{host}", booking.id.0)
}

/// The invite for the booking as it stands, for `attendee` (the buyer).
pub fn invite(booking: &BookingRecord, method: InviteMethod, site: &str) -> Attachment {
    let offer = &booking.consultation.offer;
    let summary = format!("{} with {}", offer.name, booking.maker_name);
    let mut description = format!(
        "{} ({}) with {} on Touchstone.\nThe maker's page: {site}/makers/{}",
        offer.name,
        super::format_label(offer.format.slug()),
        booking.maker_name,
        booking.maker_slug
    );
    if !booking.maker_message.is_empty() {
        description.push_str(&format!("\n\n{}", booking.maker_message));
    }
    let mut event = Event::new();
    event
        .uid(&invite_uid(booking, site))
        .summary(&summary)
        .description(&description)
        .starts(utc(booking.meeting.start))
        .ends(utc(booking.meeting.end))
        .timestamp(utc(jiff::Timestamp::now()))
        .sequence(u32::try_from(booking.sequence).unwrap_or_default())
        .location(super::format_label(offer.format.slug()))
        .add_property("ATTENDEE", format!("mailto:{}", booking.guest_email));
    if let Some(maker) = &booking.maker_email {
        event.add_property("ORGANIZER", format!("mailto:{maker}"));
    }
    let (method, name) = match method {
        InviteMethod::Request => {
            event.status(EventStatus::Confirmed);
            ("REQUEST", "invite.ics")
        }
        InviteMethod::Cancel => {
            event.status(EventStatus::Cancelled);
            ("CANCEL", "cancellation.ics")
        }
    };
    let mut calendar = Calendar::new();
    calendar.append_property(("METHOD", method));
    calendar.push(event.done());
    Attachment {
        name: name.to_owned(),
        content_type: format!("text/calendar; method={method}; charset=UTF-8"),
        text: calendar.done().to_string(),
    }
}
