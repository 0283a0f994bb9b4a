//! What the booking emails say: plain functions of the booking and the links it
//! carries, so every text can be read and tested without a database or a clock.
//! Times are written in the reader's zone: the buyer's for the buyer, the maker's
//! for the maker.

use crate::booking::availability::Interval;
use crate::booking::when;
use crate::booking::{BookingRecord, BookingStatus};

/// An email's subject and plain-text body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// `Ring consultation with Ana Ruiz`: what the buyer's subjects name.
fn meeting_with(record: &BookingRecord) -> String {
    format!(
        "{} with {}",
        record.consultation.offer.name, record.maker_name
    )
}

/// What the maker wrote, quoted below the text; nothing when they wrote nothing.
fn quoted(record: &BookingRecord, message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!("\n\n{} wrote:\n{message}", record.maker_name)
    }
}

/// To a guest: confirm the address within the minutes the time is held.
pub fn confirm_address(record: &BookingRecord, link: &str, hold_minutes: i64) -> Letter {
    Letter {
        subject: format!("Confirm your consultation with {}", record.maker_name),
        body: format!(
            "Hello {},\n\nTo book {} with {} on {}, confirm your email address within {hold_minutes} minutes:\n\n{link}\n\nIf you didn't ask for this, ignore this email and the time is released.\n",
            record.guest_name,
            record.consultation.offer.name,
            record.maker_name,
            when(record.meeting, &record.buyer_zone),
        ),
    }
}

/// To the buyer: the time is booked (the invite goes with it).
pub fn booked(record: &BookingRecord, manage: &str) -> Letter {
    booked_saying(record, "To cancel", manage)
}

/// A booking that stands, and what its link lets the buyer do.
fn booked_saying(record: &BookingRecord, link_does: &str, manage: &str) -> Letter {
    Letter {
        subject: format!("Booked: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\nYour {} is booked for {}.\nThe invite is attached for your calendar.\n\n{link_does}:\n{manage}\n",
            record.guest_name,
            meeting_with(record),
            when(record.meeting, &record.buyer_zone)
        ),
    }
}

/// To the buyer: the request has gone to a maker who confirms each one.
pub fn requested(record: &BookingRecord, manage: &str) -> Letter {
    Letter {
        subject: format!("Requested: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\nYour request for {} on {} has gone to the maker, who confirms each request. You'll hear by email.\n\nTo withdraw it:\n{manage}\n",
            record.guest_name,
            meeting_with(record),
            when(record.meeting, &record.buyer_zone)
        ),
    }
}

/// To the maker: a new request, or a booking that stands already.
pub fn to_maker_new(record: &BookingRecord, maker_zone: &str, site: &str) -> Letter {
    let action = if record.status == BookingStatus::Pending {
        "asks for"
    } else {
        "booked"
    };
    let offer = &record.consultation.offer;
    Letter {
        subject: format!("{} {action} a {}", record.guest_name, offer.name),
        body: format!(
            "{} ({}) {action} a {} on {}.\n\nYour requests and bookings: {site}/studio/bookings\n",
            record.guest_name,
            record.guest_email,
            offer.name,
            when(record.meeting, maker_zone)
        ),
    }
}

/// To the buyer, the day before.
pub fn reminder(record: &BookingRecord, manage: &str) -> Letter {
    Letter {
        subject: format!(
            "Tomorrow: {} with {}",
            record.consultation.offer.name, record.maker_name
        ),
        body: format!(
            "Hello {},\n\nA reminder: your {} is {}.\n\nIf you can't come, cancel here so the maker can offer the time to someone else:\n{manage}\n",
            record.guest_name,
            meeting_with(record),
            when(record.meeting, &record.buyer_zone)
        ),
    }
}

/// To the buyer who moved their booking, when the new time stands at once.
pub fn moved(record: &BookingRecord, was: Interval, manage: &str) -> Letter {
    Letter {
        subject: format!("Moved: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\nYour {} is now on {} (instead of {}).\nThe updated invite is attached.\n\nTo cancel or move it again:\n{manage}\n",
            record.guest_name,
            meeting_with(record),
            when(record.meeting, &record.buyer_zone),
            when(was, &record.buyer_zone)
        ),
    }
}

/// To the buyer who moved their booking, when the maker approves each time.
pub fn asked_to_move(record: &BookingRecord, was: Interval, manage: &str) -> Letter {
    Letter {
        subject: format!("Asked to move: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\nYou asked {} to move your {} to {} (instead of {}). The maker confirms each time; you'll hear by email.\n\nTo withdraw or move it again:\n{manage}\n",
            record.guest_name,
            record.maker_name,
            record.consultation.offer.name,
            when(record.meeting, &record.buyer_zone),
            when(was, &record.buyer_zone)
        ),
    }
}

/// To the maker: the buyer moved the booking.
pub fn to_maker_moved(
    record: &BookingRecord,
    was: Interval,
    maker_zone: &str,
    site: &str,
) -> Letter {
    let action = if record.status == BookingStatus::Pending {
        "Please accept or decline the new time"
    } else {
        "The new time is booked"
    };
    let offer = &record.consultation.offer;
    Letter {
        subject: format!("{} moved their {}", record.guest_name, offer.name),
        body: format!(
            "{} moved the {} from {} to {}.\n{action}: {site}/studio/bookings\n",
            record.guest_name,
            offer.name,
            when(was, maker_zone),
            when(record.meeting, maker_zone)
        ),
    }
}

/// To the buyer who accepted the time the maker suggested.
pub fn booked_at_suggested_time(record: &BookingRecord, manage: &str) -> Letter {
    booked_saying(record, "To cancel or move it", manage)
}

/// To the maker: the buyer accepted the time they suggested.
pub fn to_maker_accepted(record: &BookingRecord, maker_zone: &str) -> Letter {
    Letter {
        subject: format!("{} accepted the time you suggested", record.guest_name),
        body: format!(
            "{} accepted the {} on {}. It is booked.\n",
            record.guest_name,
            record.consultation.offer.name,
            when(record.meeting, maker_zone)
        ),
    }
}

/// To the buyer: the maker suggests another time, with what they wrote.
pub fn suggested(record: &BookingRecord, was: Interval, message: &str, manage: &str) -> Letter {
    Letter {
        subject: format!("{} suggests another time", record.maker_name),
        body: format!(
            "Hello {},\n\n{} suggests {} for your {} (instead of {}).{}\n\nAccept it, choose another time, or cancel here:\n{manage}\n",
            record.guest_name,
            record.maker_name,
            when(record.meeting, &record.buyer_zone),
            record.consultation.offer.name,
            when(was, &record.buyer_zone),
            quoted(record, message)
        ),
    }
}

/// To the buyer: the maker accepted their request.
pub fn confirmed(record: &BookingRecord, message: &str, manage: &str) -> Letter {
    Letter {
        subject: format!("Confirmed: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\n{} has confirmed your {} on {}. The invite is attached for your calendar.{}\n\nTo cancel:\n{manage}\n",
            record.guest_name,
            record.maker_name,
            record.consultation.offer.name,
            when(record.meeting, &record.buyer_zone),
            quoted(record, message)
        ),
    }
}

/// To the buyer: declined or cancelled — by the maker, who says why, or as the
/// buyer asked (a cancellation without a message is the buyer's own).
pub fn cancelled(
    record: &BookingRecord,
    status: BookingStatus,
    message: &str,
    site: &str,
) -> Letter {
    let by = if message.is_empty() && status == BookingStatus::Cancelled {
        "as you asked".to_owned()
    } else if status == BookingStatus::Declined {
        format!("{} can't take it", record.maker_name)
    } else {
        format!("{} has cancelled it", record.maker_name)
    };
    Letter {
        subject: format!("Cancelled: {}", meeting_with(record)),
        body: format!(
            "Hello {},\n\nYour {} on {} is cancelled: {by}.{}\n\nOther times: {site}/makers/{}\n",
            record.guest_name,
            meeting_with(record),
            when(record.meeting, &record.buyer_zone),
            quoted(record, message),
            record.maker_slug
        ),
    }
}

/// To the maker: the buyer cancelled.
pub fn to_maker_cancelled(record: &BookingRecord, maker_zone: &str) -> Letter {
    Letter {
        subject: format!(
            "{} cancelled their {}",
            record.guest_name, record.consultation.offer.name
        ),
        body: format!(
            "{} cancelled the {} on {}. The time is free again.\n",
            record.guest_name,
            record.consultation.offer.name,
            when(record.meeting, maker_zone)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::{BookingId, Consultation, ConsultationId, Format, NewConsultation};
    use crate::makers::MakerId;
    use jiff::Timestamp;

    const SITE: &str = "https://touchstone.example";
    const MANAGE: &str = "https://touchstone.example/bookings/7?key=abc";

    /// Mia in Tokyo books Ana in London for 10:00–11:00 London time on 8 June 2026.
    fn record(status: BookingStatus) -> BookingRecord {
        let start: Timestamp = "2026-06-08T09:00:00Z".parse().expect("a timestamp");
        BookingRecord {
            id: BookingId(7),
            maker: MakerId(3),
            maker_name: "Ana Ruiz".into(),
            maker_slug: "ana-ruiz".into(),
            maker_email: Some("ana@example.com".into()),
            consultation: Consultation {
                id: ConsultationId(5),
                offer: NewConsultation {
                    maker: MakerId(3),
                    name: "Ring consultation".into(),
                    minutes: 60,
                    format: Format::StudioVisit,
                    description: String::new(),
                    price: None,
                    needs_approval: status == BookingStatus::Pending,
                },
                retired: false,
            },
            meeting: Interval {
                start,
                end: start + jiff::SignedDuration::from_hours(1),
            },
            buyer_zone: "Asia/Tokyo".into(),
            guest_name: "Mia Chen".into(),
            guest_email: "mia@example.com".into(),
            account: None,
            brief: String::new(),
            status,
            email_confirmed: true,
            maker_message: String::new(),
            sequence: 0,
            awaiting_buyer: false,
            created_at: start - jiff::SignedDuration::from_hours(72),
        }
    }

    fn earlier(record: &BookingRecord) -> Interval {
        Interval {
            start: record.meeting.start - jiff::SignedDuration::from_hours(24),
            end: record.meeting.end - jiff::SignedDuration::from_hours(24),
        }
    }

    #[test]
    fn times_are_written_in_the_readers_zone() {
        let booking = record(BookingStatus::Confirmed);
        assert_eq!(
            when(booking.meeting, "Europe/London"),
            "Monday 8 June 2026, 10:00–11:00 (Europe/London)"
        );
        let to_buyer = booked(&booking, MANAGE).body;
        assert!(
            to_buyer.contains("Monday 8 June 2026, 18:00–19:00 (Asia/Tokyo)"),
            "{to_buyer}"
        );
        let to_maker = to_maker_new(&booking, "Europe/London", SITE).body;
        assert!(
            to_maker.contains("10:00–11:00 (Europe/London)"),
            "{to_maker}"
        );
        assert!(!to_maker.contains("Tokyo"), "{to_maker}");
    }

    #[test]
    fn a_zone_nobody_knows_still_gives_the_time() {
        let booking = record(BookingStatus::Confirmed);
        assert_eq!(
            when(booking.meeting, "Mars/Olympus"),
            "2026-06-08T09:00:00Z"
        );
    }

    #[test]
    fn every_letter_to_the_buyer_greets_them_and_carries_its_link() {
        let booking = record(BookingStatus::Confirmed);
        let was = earlier(&booking);
        for letter in [
            booked(&booking, MANAGE),
            requested(&booking, MANAGE),
            reminder(&booking, MANAGE),
            moved(&booking, was, MANAGE),
            asked_to_move(&booking, was, MANAGE),
            booked_at_suggested_time(&booking, MANAGE),
            suggested(&booking, was, "", MANAGE),
            confirmed(&booking, "", MANAGE),
        ] {
            assert!(letter.body.starts_with("Hello Mia Chen,\n\n"), "{letter:?}");
            assert!(letter.body.ends_with(&format!("{MANAGE}\n")), "{letter:?}");
            assert!(letter.body.contains("Ring consultation"), "{letter:?}");
        }
        assert!(booked(&booking, MANAGE).body.contains("\n\nTo cancel:\n"));
        assert!(
            booked_at_suggested_time(&booking, MANAGE)
                .body
                .contains("\n\nTo cancel or move it:\n")
        );
        let confirm = confirm_address(
            &booking,
            "https://touchstone.example/bookings/confirm?key=k",
            30,
        );
        assert_eq!(confirm.subject, "Confirm your consultation with Ana Ruiz");
        assert!(
            confirm.body.contains(
                "within 30 minutes:\n\nhttps://touchstone.example/bookings/confirm?key=k\n"
            )
        );
    }

    #[test]
    fn a_move_names_the_old_time_and_the_new() {
        let booking = record(BookingStatus::Confirmed);
        let was = earlier(&booking);
        let letter = moved(&booking, was, MANAGE);
        assert_eq!(letter.subject, "Moved: Ring consultation with Ana Ruiz");
        assert!(letter.body.contains(
            "now on Monday 8 June 2026, 18:00–19:00 (Asia/Tokyo) (instead of Sunday 7 June 2026, 18:00–19:00 (Asia/Tokyo))"
        ), "{}", letter.body);
        let pending = record(BookingStatus::Pending);
        assert!(to_maker_moved(&pending, was, "Europe/London", SITE)
            .body
            .contains("from Sunday 7 June 2026, 10:00–11:00 (Europe/London) to Monday 8 June 2026, 10:00–11:00 (Europe/London).\nPlease accept or decline the new time: https://touchstone.example/studio/bookings"));
        assert!(
            to_maker_moved(&booking, was, "Europe/London", SITE)
                .body
                .contains("The new time is booked")
        );
    }

    #[test]
    fn what_the_maker_wrote_is_quoted_and_nothing_when_they_wrote_nothing() {
        let booking = record(BookingStatus::Pending);
        let was = earlier(&booking);
        let with = suggested(&booking, was, "Could you come an hour later?", MANAGE);
        assert!(
            with.body
                .contains(").\n\nAna Ruiz wrote:\nCould you come an hour later?\n\nAccept it"),
            "{}",
            with.body
        );
        let without = suggested(&booking, was, "", MANAGE);
        assert!(!without.body.contains("wrote:"), "{}", without.body);
        assert!(
            confirmed(&booking, "See you then.", MANAGE)
                .body
                .contains("Ana Ruiz wrote:\nSee you then.")
        );
    }

    #[test]
    fn a_cancellation_says_who_cancelled() {
        let booking = record(BookingStatus::Confirmed);
        let own = cancelled(&booking, BookingStatus::Cancelled, "", SITE);
        assert!(own.body.contains("is cancelled: as you asked.\n\nOther times: https://touchstone.example/makers/ana-ruiz\n"), "{}", own.body);
        let declined = cancelled(
            &booking,
            BookingStatus::Declined,
            "I'm away that week.",
            SITE,
        );
        assert!(
            declined.body.contains(
                "is cancelled: Ana Ruiz can't take it.\n\nAna Ruiz wrote:\nI'm away that week."
            ),
            "{}",
            declined.body
        );
        let by_maker = cancelled(&booking, BookingStatus::Cancelled, "I'm ill.", SITE);
        assert!(
            by_maker.body.contains("Ana Ruiz has cancelled it."),
            "{}",
            by_maker.body
        );
        assert_eq!(own.subject, "Cancelled: Ring consultation with Ana Ruiz");
        assert_eq!(
            to_maker_cancelled(&booking, "Europe/London").subject,
            "Mia Chen cancelled their Ring consultation"
        );
    }

    #[test]
    fn the_maker_hears_whether_to_answer() {
        let request = to_maker_new(&record(BookingStatus::Pending), "Europe/London", SITE);
        assert_eq!(request.subject, "Mia Chen asks for a Ring consultation");
        assert!(request.body.starts_with(
            "Mia Chen (mia@example.com) asks for a Ring consultation on Monday 8 June 2026"
        ));
        let booking = to_maker_new(&record(BookingStatus::Confirmed), "Europe/London", SITE);
        assert_eq!(booking.subject, "Mia Chen booked a Ring consultation");
        assert_eq!(
            to_maker_accepted(&record(BookingStatus::Confirmed), "Europe/London").subject,
            "Mia Chen accepted the time you suggested"
        );
    }
}
