//! The bookings a signed-in buyer made, for their list: newest meeting first,
//! each with the maker's messages they haven't read.

use super::BookingDesk;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::views::booking_view;
use crate::booking::{BookingsOf, BuyerBookingLine};
use std::collections::HashMap;

impl BookingDesk<'_> {
    pub async fn buyer_bookings(
        &self,
        viewer: Option<&StoredAccount>,
    ) -> Result<Vec<BuyerBookingLine>, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let pass = crate::MediaPass::of(self.notary);
        // One query for every booking's unread count, one per maker for their zone.
        let unread: HashMap<_, _> = self
            .threads
            .unread_by_booking(viewer.id)
            .await?
            .into_iter()
            .collect();
        let mut zones = HashMap::new();
        let mut lines = Vec::new();
        for record in self
            .bookings
            .bookings_of(BookingsOf::Account(viewer.id))
            .await?
        {
            let maker_zone = match zones.get(&record.maker) {
                Some(zone) => String::clone(zone),
                None => {
                    let zone = self.maker_zone(&record).await?;
                    zones.insert(record.maker, zone.clone());
                    zone
                }
            };
            lines.push(BuyerBookingLine {
                booking: booking_view(&record, &record.buyer_zone, &maker_zone, self.now, &pass),
                unread: unread.get(&record.id).copied().unwrap_or(0),
            });
        }
        Ok(lines)
    }
}
