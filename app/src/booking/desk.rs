//! Everything around a booking once it is asked for: the guest's address
//! confirmed by a signed link, the emails (with the calendar invite) to buyer
//! and maker, the maker's answer, the buyer's cancellation, and the reminder.

use super::availability::Interval;
use super::invite::{InviteMethod, invite};
use super::links::{LinkKeys, LinkPurpose, read_link, sign_link, used_digest};
use super::service::{Bookings, ConsultationRequest};
use super::views::{BookingView, BuyerBooking, MAX_ANSWER_CHARS};
use super::{Booked, BookingId, BookingMove, BookingRecord, BookingStatus, UsedLink};
use crate::accounts::{OutgoingMail, StoredAccount};
use crate::error::AppError;
use crate::provenance::Notary;
use crate::shared::{MediaPass, Next};
use crate::store::{Store, StoreError};
use jiff::{SignedDuration, Timestamp};

pub struct BookingDesk<'a> {
    pub store: &'a dyn Store,
    pub link_keys: &'a dyn LinkKeys,
    /// Whose key passes to private pictures are made with (`MediaPass`).
    pub notary: &'a dyn Notary,
    /// The public site, for the links emails carry.
    pub site: &'a str,
    pub now: Timestamp,
}

fn stored(error: StoreError) -> AppError {
    AppError::internal(error)
}

/// Of two requests changing one booking, this one came second.
fn changed_meanwhile() -> AppError {
    AppError::Conflict("This booking changed meanwhile: the page shows where it stands now.".into())
}

/// A change the store refused: its time taken, or its link used already.
fn refused_change(error: StoreError) -> AppError {
    match error {
        StoreError::Duplicate { what: "time" } => {
            AppError::Conflict("That time was just taken. Please choose another one.".into())
        }
        StoreError::Duplicate { what: "link" } => {
            AppError::Invalid("This link has been used already.".into())
        }
        error => stored(error),
    }
}

/// A booking as its buyer reached it, and what they may do to it now.
struct BuyerAccess {
    record: BookingRecord,
    /// The signed link, when they came by one.
    key: Option<String>,
    now: Timestamp,
}

impl BuyerAccess {
    fn open(&self) -> bool {
        matches!(
            self.record.status,
            BookingStatus::Pending | BookingStatus::Confirmed
        )
    }

    fn upcoming(&self) -> bool {
        self.record.meeting.start > self.now
    }

    fn may_cancel(&self) -> bool {
        self.open() && self.record.meeting.end > self.now
    }

    fn may_move(&self) -> bool {
        self.open() && self.upcoming()
    }

    fn may_accept(&self) -> bool {
        self.record.status == BookingStatus::Pending
            && self.record.awaiting_buyer
            && self.upcoming()
    }

    /// The booking's page, reached the way the buyer came.
    fn page(&self) -> String {
        let booking = self.record.id.0;
        match &self.key {
            Some(key) => format!("/bookings/{booking}?key={}", crate::shared::url_encode(key)),
            None => format!("/bookings/{booking}"),
        }
    }

    /// The link an action by it spends.
    fn used_link(&self) -> Option<UsedLink> {
        self.key.as_deref().map(|key| UsedLink {
            digest: used_digest(key),
            at: self.now,
        })
    }
}

/// The booking's version, which its links carry.
fn version(record: &BookingRecord) -> u32 {
    u32::try_from(record.sequence).unwrap_or_default()
}

/// How long before the meeting the reminder goes.
const REMINDER_HOURS: i64 = 24;

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

impl BookingDesk<'_> {
    fn bookings(&self) -> Bookings<'_> {
        Bookings {
            store: self.store,
            now: self.now,
        }
    }

    async fn record(&self, booking: BookingId) -> Result<BookingRecord, AppError> {
        self.store
            .booking(booking)
            .await
            .map_err(stored)?
            .ok_or(AppError::NotFound)
    }

    async fn maker_zone(&self, record: &BookingRecord) -> Result<String, AppError> {
        Ok(self
            .store
            .availability_rules(record.maker)
            .await
            .map_err(stored)?
            .map(|rules| rules.zone)
            .unwrap_or_else(|| "UTC".into()))
    }

    /// The buyer's link to their booking page, from which they can cancel.
    fn manage_link(&self, record: &BookingRecord) -> String {
        let expires = record.meeting.end + SignedDuration::from_hours(24);
        format!(
            "{}/bookings/{}?key={}",
            self.site,
            record.id.0,
            sign_link(
                self.link_keys,
                record.id,
                version(record),
                LinkPurpose::Cancel,
                expires
            )
        )
    }

    async fn send(
        &self,
        to: &str,
        subject: String,
        body: String,
        attachment: Option<crate::accounts::Attachment>,
    ) -> Result<(), AppError> {
        let mail = OutgoingMail {
            to: to.to_owned(),
            subject,
            body,
            attachment,
            not_before: None,
            topic: None,
        };
        self.store
            .queue_outgoing(&mail, self.now)
            .await
            .map_err(stored)
    }

    fn reminder_topic(booking: BookingId) -> String {
        format!("booking-{}-reminder", booking.0)
    }

    /// The reminder the day before, unless the meeting is sooner than that.
    async fn schedule_reminder(&self, record: &BookingRecord) -> Result<(), AppError> {
        let at = record.meeting.start - SignedDuration::from_hours(REMINDER_HOURS);
        if at <= self.now {
            return Ok(());
        }
        let mail = OutgoingMail {
            to: record.guest_email.clone(),
            subject: format!(
                "Tomorrow: {} with {}",
                record.consultation.offer.name, record.maker_name
            ),
            body: format!(
                "Hello {},\n\nA reminder: your {} with {} is {}.\n\nIf you can't come, cancel here so the maker can offer the time to someone else:\n{}\n",
                record.guest_name,
                record.consultation.offer.name,
                record.maker_name,
                when(record.meeting, &record.buyer_zone),
                self.manage_link(record)
            ),
            attachment: None,
            not_before: Some(at),
            topic: Some(Self::reminder_topic(record.id)),
        };
        self.store
            .queue_outgoing(&mail, self.now)
            .await
            .map_err(stored)
    }

    /// Books the time; a guest is sent a link to confirm their address first —
    /// within the mail limits per address and per `client` connection, or the time
    /// is given back at once (so nobody can hold a maker's week with made-up guests).
    pub async fn request(
        &self,
        request: &ConsultationRequest,
        client: &str,
    ) -> Result<Next, AppError> {
        let booked = self.bookings().request(request).await?;
        let (Booked::New(id) | Booked::Again(id)) = booked;
        let record = self.record(id).await?;
        if !matches!(
            record.status,
            BookingStatus::Pending | BookingStatus::Confirmed
        ) {
            return Err(AppError::Invalid(
                "That request is no longer open (the time held for it was released, or it was \
                 cancelled). Please choose a time again."
                    .into(),
            ));
        }
        if matches!(booked, Booked::New(_)) {
            if record.email_confirmed {
                self.announce(&record).await?;
            } else {
                let email = crate::accounts::Email::parse(&record.guest_email)
                    .map_err(|_| AppError::Invalid("Please give a valid email address.".into()))?;
                if let Err(refused) =
                    crate::accounts::service::allow_mail(self.store, self.now, &email, client).await
                {
                    self.store
                        .set_booking_status(
                            record.maker,
                            record.id,
                            record.status,
                            BookingStatus::Cancelled,
                            "",
                            None,
                        )
                        .await
                        .map_err(stored)?;
                    return Err(refused);
                }
                self.ask_to_confirm(&record).await?;
            }
        }
        Ok(if record.email_confirmed {
            Next {
                path: format!("/bookings/{}", id.0),
                form: "booking",
                notice: Some(match record.status {
                    BookingStatus::Confirmed => {
                        "Booked. The invite is on its way to your email.".to_owned()
                    }
                    _ => format!(
                        "Request sent: {} will confirm or suggest another time by email.",
                        record.maker_name
                    ),
                }),
            }
        } else {
            Next {
                path: "/bookings/check-your-email".into(),
                form: "booking",
                notice: Some(format!(
                    "Nearly done: we've sent a link to {} to confirm your address. The time is held for {} minutes.",
                    record.guest_email,
                    super::service::GUEST_HOLD_MINUTES
                )),
            }
        })
    }

    async fn ask_to_confirm(&self, record: &BookingRecord) -> Result<(), AppError> {
        let expires = self.now + SignedDuration::from_mins(super::service::GUEST_HOLD_MINUTES);
        let link = format!(
            "{}/bookings/confirm?key={}",
            self.site,
            sign_link(
                self.link_keys,
                record.id,
                version(record),
                LinkPurpose::ConfirmEmail,
                expires
            )
        );
        self.send(
            &record.guest_email,
            format!("Confirm your consultation with {}", record.maker_name),
            format!(
                "Hello {},\n\nTo book {} with {} on {}, confirm your email address within {} minutes:\n\n{link}\n\nIf you didn't ask for this, ignore this email and the time is released.\n",
                record.guest_name,
                record.consultation.offer.name,
                record.maker_name,
                when(record.meeting, &record.buyer_zone),
                super::service::GUEST_HOLD_MINUTES
            ),
            None,
        )
        .await
    }

    /// Tells buyer and maker of a booking that now stands.
    async fn announce(&self, record: &BookingRecord) -> Result<(), AppError> {
        let offer = &record.consultation.offer;
        let buyer_when = when(record.meeting, &record.buyer_zone);
        let manage = self.manage_link(record);
        if record.status == BookingStatus::Confirmed {
            self.send(
                &record.guest_email,
                format!("Booked: {} with {}", offer.name, record.maker_name),
                format!(
                    "Hello {},\n\nYour {} with {} is booked for {buyer_when}.\nThe invite is attached for your calendar.\n\nTo cancel:\n{manage}\n",
                    record.guest_name, offer.name, record.maker_name
                ),
                Some(invite(record, InviteMethod::Request, self.site)),
            )
            .await?;
            self.schedule_reminder(record).await?;
        } else {
            self.send(
                &record.guest_email,
                format!("Requested: {} with {}", offer.name, record.maker_name),
                format!(
                    "Hello {},\n\nYour request for {} with {} on {buyer_when} has gone to the maker, who confirms each request. You'll hear by email.\n\nTo withdraw it:\n{manage}\n",
                    record.guest_name, offer.name, record.maker_name
                ),
                None,
            )
            .await?;
        }
        if let Some(maker_email) = &record.maker_email {
            let maker_when = when(record.meeting, &self.maker_zone(record).await?);
            let action = if record.status == BookingStatus::Pending {
                "asks for"
            } else {
                "booked"
            };
            self.send(
                maker_email,
                format!("{} {action} a {}", record.guest_name, offer.name),
                format!(
                    "{} ({}) {action} a {} on {maker_when}.\n\nYour requests and bookings: {}/studio/bookings\n",
                    record.guest_name, record.guest_email, offer.name, self.site
                ),
                None,
            )
            .await?;
        }
        Ok(())
    }

    /// A guest's emailed link: their address is theirs, so the booking stands.
    pub async fn confirm_email(&self, key: &str) -> Result<Next, AppError> {
        let id = read_link(self.link_keys, key, LinkPurpose::ConfirmEmail, self.now)?.booking;
        if !self
            .store
            .use_booking_link(&used_digest(key), self.now)
            .await
            .map_err(stored)?
        {
            return Err(AppError::Invalid(
                "This link has been used already: your booking emails have the next step.".into(),
            ));
        }
        if !self
            .store
            .confirm_booking_email(id, self.now)
            .await
            .map_err(stored)?
        {
            return Err(AppError::Invalid(
                "The time was held for 30 minutes and has been released. Please book again.".into(),
            ));
        }
        let record = self.record(id).await?;
        self.announce(&record).await?;
        let manage = self.manage_link(&record);
        Ok(Next {
            path: manage.strip_prefix(self.site).unwrap_or(&manage).to_owned(),
            form: "booking",
            notice: Some(match record.status {
                BookingStatus::Confirmed => {
                    "Your address is confirmed and the time is booked. The invite is in your email."
                        .to_owned()
                }
                _ => format!(
                    "Your address is confirmed: the request has gone to {}.",
                    record.maker_name
                ),
            }),
        })
    }

    /// A booking its buyer may see: they made it with their account, or they hold
    /// the newest signed link from its emails, unused. A link the booking has moved
    /// on from (a change sends a new one) or that an action spent opens nothing:
    /// whoever finds it in an old email, or forwarded, sees no name, address, brief
    /// or pictures.
    async fn buyer_access(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<BuyerAccess, AppError> {
        let id = BookingId(booking);
        let key = key.map(str::trim).filter(|key| !key.is_empty());
        let link = match key {
            Some(key) => Some(read_link(
                self.link_keys,
                key,
                LinkPurpose::Cancel,
                self.now,
            )?)
            .filter(|link| link.booking == id),
            None => None,
        };
        let record = self.record(id).await?;
        let by_account = viewer.is_some_and(|viewer| record.account == Some(viewer.id));
        let by_key = match (link, key) {
            (Some(link), Some(key)) if !by_account => {
                let spent = self
                    .store
                    .booking_link_used(&used_digest(key))
                    .await
                    .map_err(stored)?;
                // A link we issued, so saying it was replaced tells its holder
                // nothing they didn't know: the booking has moved on from it.
                if link.version != version(&record) || spent {
                    return Err(AppError::Conflict(
                        "This link has been replaced by a newer one: please use the link in \
                         your newest email about this booking."
                            .into(),
                    ));
                }
                true
            }
            _ => false,
        };
        if !(by_key || by_account) || !record.email_confirmed {
            return Err(AppError::NotFound);
        }
        Ok(BuyerAccess {
            record,
            key: key.filter(|_| by_key).map(str::to_owned),
            now: self.now,
        })
    }

    /// A booking for its buyer, in their zone, with what they may do to it.
    pub async fn for_buyer(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<BuyerBooking, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        self.buyer_booking(&access).await
    }

    async fn buyer_booking(&self, access: &BuyerAccess) -> Result<BuyerBooking, AppError> {
        let record = &access.record;
        let maker_zone = self.maker_zone(record).await?;
        Ok(BuyerBooking {
            may_cancel: access.may_cancel(),
            may_move: access.may_move(),
            may_accept: access.may_accept(),
            booking: BookingView::of(
                record,
                &record.buyer_zone,
                &maker_zone,
                self.now,
                &MediaPass::of(self.notary),
            ),
            key: access.key.clone(),
        })
    }

    /// The buyer cancels, by their account or the signed link (used up by it).
    pub async fn cancel_by_buyer(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<Next, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        if !access.may_cancel() {
            return Err(AppError::Invalid(
                "This consultation can't be cancelled any more.".into(),
            ));
        }
        let record = &access.record;
        self.change(
            record,
            BookingStatus::Cancelled,
            "",
            access.used_link().as_ref(),
        )
        .await?;
        let cancelled = self.record(record.id).await?;
        Ok(Next {
            path: self.buyer_page(&cancelled, access.key.is_some()),
            form: "booking",
            notice: Some(format!(
                "Cancelled: {} has been told, and the time is free again.",
                record.maker_name
            )),
        })
    }

    /// The buyer's booking page, with a fresh signed link when they came by one
    /// (the one they used is spent).
    fn buyer_page(&self, record: &BookingRecord, by_key: bool) -> String {
        if by_key {
            let manage = self.manage_link(record);
            manage.strip_prefix(self.site).unwrap_or(&manage).to_owned()
        } else {
            format!("/bookings/{}", record.id.0)
        }
    }

    /// Moves a booking in the store, turning a lost race into words.
    async fn relocate(&self, change: &BookingMove) -> Result<BookingRecord, AppError> {
        match self.store.move_booking(change).await {
            Ok(true) => {}
            Ok(false) => {
                return Err(changed_meanwhile());
            }
            Err(error) => return Err(refused_change(error)),
        }
        self.store
            .withdraw_mail(&Self::reminder_topic(change.booking))
            .await
            .map_err(stored)?;
        self.record(change.booking).await
    }

    /// A booking its buyer may move, in their zone, and the times it can move to.
    pub async fn buyer_move_offer(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<(BuyerBooking, Vec<Interval>), AppError> {
        let access = match self.buyer_access(booking, key, viewer).await {
            // A bad or expired link says nothing of whether the booking exists.
            Err(AppError::Invalid(_)) => Err(AppError::NotFound),
            outcome => outcome,
        }?;
        if !access.may_move() {
            return Err(AppError::Invalid(
                "This consultation can't be moved any more.".into(),
            ));
        }
        let slots = self.bookings().free_slots_for_move(&access.record).await?;
        Ok((self.buyer_booking(&access).await?, slots))
    }

    /// The buyer moves their booking to another free time. A maker who approves
    /// each request approves the new time too; otherwise it stands at once.
    pub async fn reschedule_by_buyer(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
        start: Timestamp,
    ) -> Result<Next, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        if !access.may_move() {
            return Err(AppError::Invalid(
                "This consultation can't be moved any more.".into(),
            ));
        }
        let before = &access.record;
        let to = self.bookings().new_time(before, start).await?;
        let status = if before.consultation.offer.needs_approval {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
        };
        let record = self
            .relocate(&BookingMove {
                maker: before.maker,
                booking: before.id,
                from_status: before.status,
                from_start: before.meeting.start,
                to,
                status,
                awaiting_buyer: false,
                message: String::new(),
                link: access.used_link(),
            })
            .await?;
        let offer = &record.consultation.offer;
        let was = when(before.meeting, &record.buyer_zone);
        let now_at = when(record.meeting, &record.buyer_zone);
        let manage = self.manage_link(&record);
        if status == BookingStatus::Confirmed {
            self.send(
                &record.guest_email,
                format!("Moved: {} with {}", offer.name, record.maker_name),
                format!(
                    "Hello {},\n\nYour {} with {} is now on {now_at} (instead of {was}).\nThe updated invite is attached.\n\nTo cancel or move it again:\n{manage}\n",
                    record.guest_name, offer.name, record.maker_name
                ),
                Some(invite(&record, InviteMethod::Request, self.site)),
            )
            .await?;
            self.schedule_reminder(&record).await?;
        } else {
            // A confirmed time the maker hasn't agreed to move leaves the calendar.
            let attachment = (before.status == BookingStatus::Confirmed)
                .then(|| invite(&record, InviteMethod::Cancel, self.site));
            self.send(
                &record.guest_email,
                format!("Asked to move: {} with {}", offer.name, record.maker_name),
                format!(
                    "Hello {},\n\nYou asked {} to move your {} to {now_at} (instead of {was}). The maker confirms each time; you'll hear by email.\n\nTo withdraw or move it again:\n{manage}\n",
                    record.guest_name, record.maker_name, offer.name
                ),
                attachment,
            )
            .await?;
        }
        if let Some(maker_email) = &record.maker_email {
            let zone = self.maker_zone(&record).await?;
            let action = if status == BookingStatus::Pending {
                "Please accept or decline the new time"
            } else {
                "The new time is booked"
            };
            self.send(
                maker_email,
                format!("{} moved their {}", record.guest_name, offer.name),
                format!(
                    "{} moved the {} from {} to {}.\n{action}: {}/studio/bookings\n",
                    record.guest_name,
                    offer.name,
                    when(before.meeting, &zone),
                    when(record.meeting, &zone),
                    self.site
                ),
                None,
            )
            .await?;
        }
        Ok(Next {
            path: self.buyer_page(&record, access.key.is_some()),
            form: "booking",
            notice: Some(if status == BookingStatus::Confirmed {
                format!("Moved to {now_at}. The updated invite is in your email.")
            } else {
                format!(
                    "Asked to move to {now_at}: {} will confirm by email.",
                    record.maker_name
                )
            }),
        })
    }

    /// The buyer accepts the time the maker suggested: the booking stands.
    pub async fn accept_suggested_time(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<Next, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        if !access.may_accept() {
            return Err(AppError::Invalid(
                "There is no suggested time to accept on this booking now.".into(),
            ));
        }
        let suggested = &access.record;
        match self
            .store
            .set_booking_status(
                suggested.maker,
                suggested.id,
                BookingStatus::Pending,
                BookingStatus::Confirmed,
                &suggested.maker_message,
                access.used_link().as_ref(),
            )
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                return Err(changed_meanwhile());
            }
            Err(error) => return Err(refused_change(error)),
        }
        let record = self.record(suggested.id).await?;
        let offer = &record.consultation.offer;
        let buyer_when = when(record.meeting, &record.buyer_zone);
        self.send(
            &record.guest_email,
            format!("Booked: {} with {}", offer.name, record.maker_name),
            format!(
                "Hello {},\n\nYour {} with {} is booked for {buyer_when}.\nThe invite is attached for your calendar.\n\nTo cancel or move it:\n{}\n",
                record.guest_name,
                offer.name,
                record.maker_name,
                self.manage_link(&record)
            ),
            Some(invite(&record, InviteMethod::Request, self.site)),
        )
        .await?;
        self.schedule_reminder(&record).await?;
        if let Some(maker_email) = &record.maker_email {
            self.send(
                maker_email,
                format!("{} accepted the time you suggested", record.guest_name),
                format!(
                    "{} accepted the {} on {}. It is booked.\n",
                    record.guest_name,
                    offer.name,
                    when(record.meeting, &self.maker_zone(&record).await?)
                ),
                None,
            )
            .await?;
        }
        Ok(Next {
            path: self.buyer_page(&record, access.key.is_some()),
            form: "booking",
            notice: Some(format!(
                "Booked for {buyer_when}. The invite is in your email."
            )),
        })
    }

    /// How many more reference pictures the buyer can add to their booking
    /// (none once it is over or closed).
    pub async fn picture_room(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<usize, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        Ok(Self::room_for_pictures(&access)?.1)
    }

    /// The booking's brief and how many pictures it still has room for.
    fn room_for_pictures(access: &BuyerAccess) -> Result<(super::Brief, usize), AppError> {
        if !access.may_move() {
            return Err(AppError::Invalid(
                "Pictures can be added until the consultation, while it is booked.".into(),
            ));
        }
        let brief: super::Brief = serde_json::from_str(&access.record.brief).unwrap_or_default();
        let room = super::MAX_REFERENCE_PICTURES.saturating_sub(brief.pictures.len());
        if room == 0 {
            return Err(AppError::Invalid(format!(
                "A brief holds at most {} pictures.",
                super::MAX_REFERENCE_PICTURES
            )));
        }
        Ok((brief, room))
    }

    /// Adds reference pictures (already through the photo pipeline) to the brief.
    pub async fn add_pictures(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
        pictures: Vec<crate::shared::ImageRef>,
    ) -> Result<Next, AppError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        let (mut brief, room) = Self::room_for_pictures(&access)?;
        if pictures.len() > room {
            return Err(AppError::Invalid(format!(
                "There is room for {room} more picture{}.",
                if room == 1 { "" } else { "s" }
            )));
        }
        let record = &access.record;
        let added = pictures.len();
        let before = brief.pictures.len();
        brief
            .pictures
            .extend(pictures.into_iter().enumerate().map(|(n, mut picture)| {
                picture.alt = format!("Reference picture {}", before + n + 1);
                picture
            }));
        let json = serde_json::to_string(&brief).map_err(AppError::internal)?;
        if !self
            .store
            .replace_brief(record.id, &record.brief, &json)
            .await
            .map_err(stored)?
        {
            return Err(AppError::Conflict(
                "The brief changed meanwhile. Please add the pictures again.".into(),
            ));
        }
        Ok(Next {
            path: format!("{}#pictures", access.page()),
            form: "booking",
            notice: Some(format!(
                "{added} picture{} added: {} sees {} with your brief.",
                if added == 1 { "" } else { "s" },
                record.maker_name,
                if added == 1 { "it" } else { "them" }
            )),
        })
    }

    /// The maker's booking that is still to come and open, or not found.
    async fn maker_record(
        &self,
        account: &StoredAccount,
        booking: i64,
    ) -> Result<BookingRecord, AppError> {
        let maker = self
            .store
            .studio_of(account.id)
            .await
            .map_err(stored)?
            .ok_or(AppError::NotFound)?;
        let record = self.record(BookingId(booking)).await?;
        if record.maker != maker.id || !record.email_confirmed {
            return Err(AppError::NotFound);
        }
        Ok(record)
    }

    /// A maker's booking to move (only one still to come) in the maker's zone,
    /// and the times it can move to.
    pub async fn maker_move_offer(
        &self,
        account: &StoredAccount,
        booking: i64,
    ) -> Result<(BookingView, Vec<Interval>), AppError> {
        let record = self.maker_record(account, booking).await?;
        Self::movable_by_maker(&record, self.now)?;
        let zone = self.maker_zone(&record).await?;
        let slots = self.bookings().free_slots_for_move(&record).await?;
        Ok((
            BookingView::of(
                &record,
                &zone,
                &record.buyer_zone,
                self.now,
                &MediaPass::of(self.notary),
            ),
            slots,
        ))
    }

    fn movable_by_maker(record: &BookingRecord, now: Timestamp) -> Result<(), AppError> {
        if matches!(
            record.status,
            BookingStatus::Pending | BookingStatus::Confirmed
        ) && record.meeting.start > now
        {
            Ok(())
        } else {
            Err(AppError::Invalid(
                "This booking can't be moved any more.".into(),
            ))
        }
    }

    /// The maker suggests another time; it waits for the buyer to accept it (the
    /// old time is given up at once, the new one held).
    pub async fn suggest_time(
        &self,
        account: &StoredAccount,
        booking: i64,
        start: Timestamp,
        message: &str,
    ) -> Result<Next, AppError> {
        let message = message.trim();
        if message.chars().count() > MAX_ANSWER_CHARS {
            return Err(AppError::Invalid(format!(
                "Please keep the message under {MAX_ANSWER_CHARS} characters."
            )));
        }
        let before = self.maker_record(account, booking).await?;
        Self::movable_by_maker(&before, self.now)?;
        let to = self.bookings().new_time(&before, start).await?;
        let record = self
            .relocate(&BookingMove {
                maker: before.maker,
                booking: before.id,
                from_status: before.status,
                from_start: before.meeting.start,
                to,
                status: BookingStatus::Pending,
                awaiting_buyer: true,
                message: message.to_owned(),
                link: None,
            })
            .await?;
        let offer = &record.consultation.offer;
        let said = if message.is_empty() {
            String::new()
        } else {
            format!("\n\n{} wrote:\n{message}", record.maker_name)
        };
        let attachment = (before.status == BookingStatus::Confirmed)
            .then(|| invite(&record, InviteMethod::Cancel, self.site));
        self.send(
            &record.guest_email,
            format!("{} suggests another time", record.maker_name),
            format!(
                "Hello {},\n\n{} suggests {} for your {} (instead of {}).{said}\n\nAccept it, choose another time, or cancel here:\n{}\n",
                record.guest_name,
                record.maker_name,
                when(record.meeting, &record.buyer_zone),
                offer.name,
                when(before.meeting, &record.buyer_zone),
                self.manage_link(&record)
            ),
            attachment,
        )
        .await?;
        let zone = self.maker_zone(&record).await?;
        Ok(Next {
            path: "/studio/bookings".into(),
            form: "bookings",
            notice: Some(format!(
                "Suggested {}: {} has been asked to accept it.",
                when(record.meeting, &zone),
                record.guest_name
            )),
        })
    }

    /// Moves the booking on and tells whoever needs to know.
    async fn change(
        &self,
        record: &BookingRecord,
        status: BookingStatus,
        message: &str,
        link: Option<&UsedLink>,
    ) -> Result<(), AppError> {
        match self
            .store
            .set_booking_status(
                record.maker,
                record.id,
                record.status,
                status,
                message,
                link,
            )
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                return Err(changed_meanwhile());
            }
            Err(error) => return Err(refused_change(error)),
        }
        let record = self.record(record.id).await?;
        let offer = &record.consultation.offer;
        let buyer_when = when(record.meeting, &record.buyer_zone);
        let said = if message.is_empty() {
            String::new()
        } else {
            format!("\n\n{} wrote:\n{message}", record.maker_name)
        };
        match status {
            BookingStatus::Confirmed => {
                self.send(
                    &record.guest_email,
                    format!("Confirmed: {} with {}", offer.name, record.maker_name),
                    format!(
                        "Hello {},\n\n{} has confirmed your {} on {buyer_when}. The invite is attached for your calendar.{said}\n\nTo cancel:\n{}\n",
                        record.guest_name, record.maker_name, offer.name, self.manage_link(&record)
                    ),
                    Some(invite(&record, InviteMethod::Request, self.site)),
                )
                .await?;
                self.schedule_reminder(&record).await?;
            }
            BookingStatus::Declined | BookingStatus::Cancelled => {
                self.store
                    .withdraw_mail(&Self::reminder_topic(record.id))
                    .await
                    .map_err(stored)?;
                let verb = if status == BookingStatus::Declined {
                    "can't take"
                } else {
                    "has cancelled"
                };
                self.send(
                    &record.guest_email,
                    format!("Cancelled: {} with {}", offer.name, record.maker_name),
                    format!(
                        "Hello {},\n\nYour {} with {} on {buyer_when} is cancelled: {}.{said}\n\nOther times: {}/makers/{}\n",
                        record.guest_name,
                        offer.name,
                        record.maker_name,
                        if message.is_empty() && status == BookingStatus::Cancelled {
                            "as you asked".to_owned()
                        } else {
                            format!("{} {verb} it", record.maker_name)
                        },
                        self.site,
                        record.maker_slug
                    ),
                    Some(invite(&record, InviteMethod::Cancel, self.site)),
                )
                .await?;
                if let Some(maker_email) = &record.maker_email
                    && message.is_empty()
                {
                    self.send(
                        maker_email,
                        format!("{} cancelled their {}", record.guest_name, offer.name),
                        format!(
                            "{} cancelled the {} on {}. The time is free again.\n",
                            record.guest_name,
                            offer.name,
                            when(record.meeting, &self.maker_zone(&record).await?)
                        ),
                        None,
                    )
                    .await?;
                }
            }
            BookingStatus::Pending => {}
        }
        Ok(())
    }

    /// The maker's bookings, in their zone.
    pub async fn inbox(&self, account: &StoredAccount) -> Result<Vec<BookingView>, AppError> {
        let maker = self
            .store
            .studio_of(account.id)
            .await
            .map_err(stored)?
            .ok_or_else(|| AppError::Invalid("Please open your studio first.".into()))?;
        let zone = self
            .store
            .availability_rules(maker.id)
            .await
            .map_err(stored)?
            .map(|rules| rules.zone)
            .unwrap_or_else(|| "UTC".into());
        let pass = MediaPass::of(self.notary);
        Ok(self
            .store
            .maker_bookings(maker.id)
            .await
            .map_err(stored)?
            .iter()
            .map(|record| BookingView::of(record, &zone, &record.buyer_zone, self.now, &pass))
            .collect())
    }

    /// `accept`, `decline` or `cancel`, with a message for the buyer.
    pub async fn answer(
        &self,
        account: &StoredAccount,
        booking: i64,
        action: &str,
        message: &str,
    ) -> Result<Next, AppError> {
        let message = message.trim();
        if message.chars().count() > MAX_ANSWER_CHARS {
            return Err(AppError::Invalid(format!(
                "Please keep the message under {MAX_ANSWER_CHARS} characters."
            )));
        }
        let maker = self
            .store
            .studio_of(account.id)
            .await
            .map_err(stored)?
            .ok_or(AppError::NotFound)?;
        let record = self.record(BookingId(booking)).await?;
        if record.maker != maker.id || !record.email_confirmed {
            return Err(AppError::NotFound);
        }
        let upcoming = record.meeting.start > self.now;
        let (status, notice) = match (action, record.status) {
            ("accept", BookingStatus::Pending) if upcoming && !record.awaiting_buyer => (
                BookingStatus::Confirmed,
                format!("Accepted: {} has the invite.", record.guest_name),
            ),
            ("decline", BookingStatus::Pending) => (
                BookingStatus::Declined,
                format!("Declined: {} has been told.", record.guest_name),
            ),
            ("cancel", BookingStatus::Confirmed) if upcoming => (
                BookingStatus::Cancelled,
                format!("Cancelled: {} has been told.", record.guest_name),
            ),
            _ => {
                return Err(AppError::Invalid(
                    "That can't be done to this booking now. The page shows what can.".into(),
                ));
            }
        };
        if status != BookingStatus::Confirmed && message.is_empty() {
            return Err(AppError::Invalid(
                "Please write the buyer a few words: they'll read them in the email.".into(),
            ));
        }
        self.change(&record, status, message, None).await?;
        Ok(Next {
            path: "/studio/bookings".into(),
            form: "bookings",
            notice: Some(notice),
        })
    }
}
