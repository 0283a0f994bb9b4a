//! The steps time takes on orders: a card payment whose webhook never came is
//! asked about, a hold that ended unpaid lapses and frees the piece, a sent
//! order completes 14 days after it was sent. Every server
//! looks; each step is saved over the status it was decided on, so of two
//! servers moving the same order one does, and only that one sends the mail.

use super::desk::OrderDesk;
use super::{COMPLETES_AFTER_DAYS, OrderAction, OrderStatus, Side, decide};
use crate::ServiceError;
use jiff::SignedDuration;

/// What a round did: orders moved, and orders whose step failed this time (left
/// for the next round).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderRound {
    pub moved: usize,
    pub failed: usize,
}

impl OrderDesk<'_> {
    pub async fn run_clock(&self) -> Result<OrderRound, ServiceError> {
        let sent_before = self.now - SignedDuration::from_hours(24 * COMPLETES_AFTER_DAYS);
        let mut round = OrderRound::default();
        // Card payments whose word never came first: a paid order isn't lapsed.
        round.moved += self.reconcile_cards().await?;
        for order in self.orders.orders_due(self.now, sent_before).await? {
            let action = if order.status == OrderStatus::Shipped {
                OrderAction::Complete
            } else {
                OrderAction::Lapse
            };
            let Ok(decision) = decide(&order, Side::Clock, &action, self.now) else {
                continue;
            };
            match self.take(&order, &decision).await {
                Ok(true) => round.moved += 1,
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(order = order.id.0, %error, "an order's step by the clock failed");
                    round.failed += 1;
                }
            }
        }
        Ok(round)
    }
}
