//! What a buyer (or a guest, by the signed links in their emails) does to a booking.

use super::{BookingDesk, letters, settled, version};
use crate::MediaPass;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::BuyerBooking;
use crate::booking::availability::Interval;
use crate::booking::invite::{InviteMethod, invite};
use crate::booking::links::{LinkPurpose, read_link, sign_link, used_digest};
use crate::booking::slots::{ConsultationRequest, GUEST_HOLD_MINUTES};
use crate::booking::views::booking_view;
use crate::booking::{
    Booked, BookingId, BookingMove, BookingRecord, BookingStatus, Brief, MAX_REFERENCE_PICTURES,
    UsedLink,
};
use crate::shared::Next;
use jiff::{SignedDuration, Timestamp};

/// A booking as its buyer reached it, and what they may do to it now.
pub(super) struct BuyerAccess {
    pub(super) record: BookingRecord,
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

    /// This access, if `allowed` says it may do the thing; else the `refusal`.
    fn only_if(self, allowed: fn(&Self) -> bool, refusal: &str) -> Result<Self, ServiceError> {
        if allowed(&self) {
            Ok(self)
        } else {
            Err(ServiceError::Invalid(refusal.into()))
        }
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

impl BookingDesk<'_> {
    /// Books the time; a guest is sent a link to confirm their address first —
    /// within the mail limits per address and per `client` connection, or the time
    /// is given back at once (so nobody can hold a maker's week with made-up guests).
    pub async fn request(
        &self,
        request: &ConsultationRequest,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let booked = self.slots().request(request).await?;
        let (Booked::New(id) | Booked::Again(id)) = booked;
        let record = self.record(id).await?;
        if !matches!(
            record.status,
            BookingStatus::Pending | BookingStatus::Confirmed
        ) {
            return Err(ServiceError::Invalid(
                "That request is no longer open (the time held for it was released, or it was \
                 cancelled). Please choose a time again."
                    .into(),
            ));
        }
        if matches!(booked, Booked::New(_)) {
            if record.email_confirmed {
                self.announce(&record).await?;
            } else {
                let email = crate::accounts::Email::parse(&record.guest_email).map_err(|_| {
                    ServiceError::Invalid("Please give a valid email address.".into())
                })?;
                if let Err(refused) =
                    crate::accounts::limits::allow_mail(self.throttle, self.now, &email, client)
                        .await
                {
                    self.bookings
                        .set_booking_status(
                            record.maker,
                            record.id,
                            record.status,
                            BookingStatus::Cancelled,
                            "",
                            None,
                        )
                        .await?;
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
                    record.guest_email, GUEST_HOLD_MINUTES
                )),
            }
        })
    }

    async fn ask_to_confirm(&self, record: &BookingRecord) -> Result<(), ServiceError> {
        let expires = self.now + SignedDuration::from_mins(GUEST_HOLD_MINUTES);
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
        self.post(
            &record.guest_email,
            letters::confirm_address(record, &link, GUEST_HOLD_MINUTES),
            None,
        )
        .await
    }

    /// Tells buyer and maker of a booking that now stands.
    async fn announce(&self, record: &BookingRecord) -> Result<(), ServiceError> {
        let manage = self.manage_link(record);
        if record.status == BookingStatus::Confirmed {
            self.post(
                &record.guest_email,
                letters::booked(record, &manage),
                Some(invite(record, InviteMethod::Request, self.site)),
            )
            .await?;
            self.schedule_reminder(record).await?;
        } else {
            self.post(
                &record.guest_email,
                letters::requested(record, &manage),
                None,
            )
            .await?;
        }
        if let Some(maker_email) = &record.maker_email {
            let zone = self.maker_zone(record).await?;
            self.post(
                maker_email,
                letters::to_maker_new(record, &zone, self.site),
                None,
            )
            .await?;
        }
        Ok(())
    }

    /// A guest's emailed link: their address is theirs, so the booking stands.
    pub async fn confirm_email(&self, key: &str) -> Result<Next, ServiceError> {
        let id = read_link(self.link_keys, key, LinkPurpose::ConfirmEmail, self.now)?.booking;
        if !self
            .bookings
            .use_booking_link(&used_digest(key), self.now)
            .await?
        {
            return Err(ServiceError::Invalid(
                "This link has been used already: your booking emails have the next step.".into(),
            ));
        }
        if !self.bookings.confirm_booking_email(id, self.now).await? {
            return Err(ServiceError::Invalid(
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
    pub(super) async fn buyer_access(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<BuyerAccess, ServiceError> {
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
                let spent = self.bookings.booking_link_used(&used_digest(key)).await?;
                // A link we issued, so saying it was replaced tells its holder
                // nothing they didn't know: the booking has moved on from it.
                if link.version != version(&record) || spent {
                    return Err(ServiceError::Conflict(
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
            return Err(ServiceError::NotFound);
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
    ) -> Result<BuyerBooking, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        self.buyer_booking(&access).await
    }

    async fn buyer_booking(&self, access: &BuyerAccess) -> Result<BuyerBooking, ServiceError> {
        let record = &access.record;
        let maker_zone = self.maker_zone(record).await?;
        Ok(BuyerBooking {
            may_cancel: access.may_cancel(),
            may_move: access.may_move(),
            may_accept: access.may_accept(),
            booking: booking_view(
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
    ) -> Result<Next, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?.only_if(
            BuyerAccess::may_cancel,
            "This consultation can't be cancelled any more.",
        )?;
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

    /// A booking its buyer may move, in their zone, and the times it can move to.
    pub async fn buyer_move_offer(
        &self,
        booking: i64,
        key: Option<&str>,
        viewer: Option<&StoredAccount>,
    ) -> Result<(BuyerBooking, Vec<Interval>), ServiceError> {
        let access = match self.buyer_access(booking, key, viewer).await {
            // A bad or expired link says nothing of whether the booking exists.
            Err(ServiceError::Invalid(_)) => Err(ServiceError::NotFound),
            outcome => outcome,
        }?
        .only_if(
            BuyerAccess::may_move,
            "This consultation can't be moved any more.",
        )?;
        let slots = self.slots().free_slots_for_move(&access.record).await?;
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
    ) -> Result<Next, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?.only_if(
            BuyerAccess::may_move,
            "This consultation can't be moved any more.",
        )?;
        let before = &access.record;
        let to = self.slots().new_time(before, start).await?;
        let status = if before.consultation.offer.needs_approval {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
        };
        let record = self
            .relocate(&BookingMove {
                link: access.used_link(),
                ..BookingMove::of(before, to, status)
            })
            .await?;
        let now_at = crate::booking::when(record.meeting, &record.buyer_zone);
        let manage = self.manage_link(&record);
        if status == BookingStatus::Confirmed {
            self.post(
                &record.guest_email,
                letters::moved(&record, before.meeting, &manage),
                Some(invite(&record, InviteMethod::Request, self.site)),
            )
            .await?;
            self.schedule_reminder(&record).await?;
        } else {
            // A confirmed time the maker hasn't agreed to move leaves the calendar.
            let attachment = (before.status == BookingStatus::Confirmed)
                .then(|| invite(&record, InviteMethod::Cancel, self.site));
            self.post(
                &record.guest_email,
                letters::asked_to_move(&record, before.meeting, &manage),
                attachment,
            )
            .await?;
        }
        if let Some(maker_email) = &record.maker_email {
            let zone = self.maker_zone(&record).await?;
            self.post(
                maker_email,
                letters::to_maker_moved(&record, before.meeting, &zone, self.site),
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
    ) -> Result<Next, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?.only_if(
            BuyerAccess::may_accept,
            "There is no suggested time to accept on this booking now.",
        )?;
        let suggested = &access.record;
        settled(
            self.bookings
                .set_booking_status(
                    suggested.maker,
                    suggested.id,
                    BookingStatus::Pending,
                    BookingStatus::Confirmed,
                    &suggested.maker_message,
                    access.used_link().as_ref(),
                )
                .await,
        )?;
        let record = self.record(suggested.id).await?;
        let buyer_when = crate::booking::when(record.meeting, &record.buyer_zone);
        self.post(
            &record.guest_email,
            letters::booked_at_suggested_time(&record, &self.manage_link(&record)),
            Some(invite(&record, InviteMethod::Request, self.site)),
        )
        .await?;
        self.schedule_reminder(&record).await?;
        if let Some(maker_email) = &record.maker_email {
            let zone = self.maker_zone(&record).await?;
            self.post(
                maker_email,
                letters::to_maker_accepted(&record, &zone),
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
    ) -> Result<usize, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        Ok(Self::room_for_pictures(&access)?.1)
    }

    /// The booking's brief and how many pictures it still has room for.
    fn room_for_pictures(access: &BuyerAccess) -> Result<(Brief, usize), ServiceError> {
        if !access.may_move() {
            return Err(ServiceError::Invalid(
                "Pictures can be added until the consultation, while it is booked.".into(),
            ));
        }
        let brief: Brief = serde_json::from_str(&access.record.brief).unwrap_or_default();
        let room = MAX_REFERENCE_PICTURES.saturating_sub(brief.pictures.len());
        if room == 0 {
            return Err(ServiceError::Invalid(format!(
                "A brief holds at most {} pictures.",
                MAX_REFERENCE_PICTURES
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
    ) -> Result<Next, ServiceError> {
        let access = self.buyer_access(booking, key, viewer).await?;
        let (mut brief, room) = Self::room_for_pictures(&access)?;
        if pictures.len() > room {
            return Err(ServiceError::Invalid(format!(
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
        let json = serde_json::to_string(&brief).map_err(ServiceError::internal)?;
        if !self
            .bookings
            .replace_brief(record.id, &record.brief, &json)
            .await?
        {
            return Err(ServiceError::Conflict(
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
}
