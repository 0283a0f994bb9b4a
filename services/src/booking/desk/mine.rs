//! The bookings a signed-in buyer made, for their list: newest meeting first,
//! each with the maker's messages they haven't read.

use super::BookingDesk;
use crate::ServiceError;
use crate::accounts::StoredAccount;
use crate::booking::BuyerBookingLine;
use crate::booking::views::booking_view;
use crate::threads::{Party, Thread};

impl BookingDesk<'_> {
    pub async fn buyer_bookings(
        &self,
        viewer: Option<&StoredAccount>,
    ) -> Result<Vec<BuyerBookingLine>, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let pass = crate::MediaPass::of(self.notary);
        let mut lines = Vec::new();
        for record in self.bookings.account_bookings(viewer.id).await? {
            let thread = Thread::Booking(record.id);
            let read = self.threads.read_up_to(thread, Party::Buyer).await?;
            let unread = self
                .threads
                .messages(thread)
                .await?
                .iter()
                .filter(|message| message.party == Party::Maker && message.id > read)
                .count();
            let maker_zone = self.maker_zone(&record).await?;
            lines.push(BuyerBookingLine {
                booking: booking_view(&record, &record.buyer_zone, &maker_zone, self.now, &pass),
                unread: u32::try_from(unread).unwrap_or(u32::MAX),
            });
        }
        Ok(lines)
    }
}
