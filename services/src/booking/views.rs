//! A booking as its buyer or maker reads it.

use super::{BookingRecord, BookingView, Brief, ConsultationSummary, when};
use crate::MediaPass;

/// The booking for its buyer or maker: only they are shown it, so its
/// reference pictures carry passes (`pass`) to load them.
pub fn booking_view(
    record: &BookingRecord,
    zone: &str,
    other_zone: &str,
    now: jiff::Timestamp,
    pass: &MediaPass,
) -> BookingView {
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
