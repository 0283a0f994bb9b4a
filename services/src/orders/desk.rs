//! Where both sides of an order act: after the checkout (`checkout`: the terms
//! of sale and the hold on one unit), each step either side takes is decided by
//! `decide` on the status the page showed and saved only over it. Strangers
//! learn nothing: an order that isn't theirs is "not found".

use super::letters;
use super::{
    CardCheckout, Decision, OrderAction, OrderActionForm, OrderChange, OrderId, OrderRecord,
    OrderRefusal, OrderStatus, OrderStore, OrderSummary, OrderView, OwnedPiece, Side, decide,
    edition_text, refund_lines, sale_lines,
};
use crate::ServiceError;
use crate::accounts::{Outbox, StoredAccount, Throttle};
use crate::links::LinkKeys;
use crate::payments::{CardState, NewPayment, PaymentMethod, PaymentRequest, refund_from};
use crate::provenance::{Notary, PassportMaker, PassportStore, PassportWork};
use crate::shared::Next;
use crate::studio::{StudioMaker, StudioStore};
use crate::till::Till;
use jiff::Timestamp;

/// How many pieces one buyer may have held at once: enough to choose between,
/// too few to keep a studio's work from everyone else.
pub const MAX_HOLDS: u32 = 3;

pub struct OrderDesk<'a> {
    pub orders: &'a dyn OrderStore,
    /// How money is taken, given back and kept.
    pub till: Till<'a>,
    /// Which studio an account has: a maker's orders are their studio's.
    pub studios: &'a dyn StudioStore,
    /// The piece's passport records that it changed hands.
    pub passports: &'a dyn PassportStore,
    pub notary: &'a dyn Notary,
    pub outbox: &'a dyn Outbox,
    /// The mail limits a guest's checkout is checked against.
    pub throttle: &'a dyn Throttle,
    /// Sign the links that open a guest's order.
    pub link_keys: &'a dyn LinkKeys,
    /// The platform's fee on each price, in basis points.
    pub fee_basis_points: u32,
    /// The public site, for the links emails carry.
    pub site: &'a str,
    pub now: Timestamp,
}

/// A time as the order pages and emails show it.
pub fn shown(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

fn day(at: Timestamp) -> String {
    at.strftime("%Y-%m-%d").to_string()
}

pub(super) fn to_order(id: OrderId, notice: impl Into<String>) -> Next {
    Next {
        path: format!("/orders/{}", id.0),
        form: "order",
        notice: Some(notice.into()),
    }
}

fn refused(refusal: OrderRefusal) -> ServiceError {
    match refusal {
        OrderRefusal::OtherSide => ServiceError::Forbidden,
        refusal => ServiceError::Invalid(refusal.to_string()),
    }
}

fn changed_meanwhile() -> ServiceError {
    ServiceError::Conflict(
        "The order changed while you were looking at it: here it is as it is now.".into(),
    )
}

impl<'a> OrderDesk<'a> {
    /// The desk over the parts of `store` it uses.
    pub fn new(
        store: &'a dyn crate::store::Store,
        notary: &'a dyn Notary,
        link_keys: &'a dyn LinkKeys,
        fee_basis_points: u32,
        site: &'a str,
        now: Timestamp,
    ) -> Self {
        OrderDesk {
            orders: store,
            till: Till::recorded_by_maker(store),
            studios: store,
            passports: store,
            notary,
            outbox: store,
            throttle: store,
            link_keys,
            fee_basis_points,
            site,
            now,
        }
    }

    pub(super) async fn studio(
        &self,
        viewer: Option<&StoredAccount>,
    ) -> Result<StudioMaker, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        self.studios
            .studio_of(viewer.id)
            .await?
            .ok_or_else(|| ServiceError::Invalid("Please open your studio first.".into()))
    }

    /// The order and the viewer's side of it: the buyer's account, the studio's,
    /// or a guest's `key`; "not found" for anyone else.
    async fn seen_by(
        &self,
        raw_id: &str,
        viewer: Option<&StoredAccount>,
        key: Option<&str>,
    ) -> Result<(OrderRecord, Side), ServiceError> {
        let key = key.map(str::trim).filter(|key| !key.is_empty());
        if viewer.is_none() && key.is_none() {
            return Err(ServiceError::Unauthenticated);
        }
        let id = OrderId::parse(raw_id).ok_or(ServiceError::NotFound)?;
        let order = self.orders.order(id).await?.ok_or(ServiceError::NotFound)?;
        if let Some(viewer) = viewer {
            if order.buyer == Some(viewer.id) || super::guests::placed_as_guest_by(&order, viewer) {
                return Ok((order, Side::Buyer));
            }
            if let Some(studio) = self.studios.studio_of(viewer.id).await?
                // A hold at the checkout is the buyer's business until they place it.
                && studio.id == order.maker
                && order.status != OrderStatus::Held
            {
                return Ok((order, Side::Maker));
            }
        }
        match key {
            Some(key) if order.buyer.is_none() && self.guest_order(key)? == id => {
                Ok((order, Side::Buyer))
            }
            _ => Err(ServiceError::NotFound),
        }
    }

    pub async fn page(
        &self,
        raw_id: &str,
        viewer: Option<&StoredAccount>,
        key: Option<&str>,
    ) -> Result<OrderView, ServiceError> {
        let (mut order, side) = self.seen_by(raw_id, viewer, key).await?;
        let mut card = None;
        if let Some(cards) = self.till.cards
            && side == Side::Buyer
            && order.status == OrderStatus::Held
            && let Some((_, intent)) = self.till.pending_intent(&order.id.purpose()).await?
        {
            if intent.state == CardState::Succeeded {
                // The buyer back from paying by card before the processor's
                // word came: the page asks, and shows the order paid.
                self.card_moved(&intent).await?;
                order = self
                    .orders
                    .order(order.id)
                    .await?
                    .ok_or(ServiceError::NotFound)?;
            } else if order.hold_until.is_some_and(|until| until > self.now) {
                card = Some(CardCheckout {
                    form: cards.form(),
                    client_secret: intent.client_secret,
                    refused: match intent.state {
                        CardState::Refused(reason) => Some(reason),
                        _ => None,
                    },
                });
            }
        }
        let passport = if side == Side::Buyer && order.status.is_sale() {
            self.passports
                .latest_passport(order.piece.0)
                .await?
                .map(|passport| passport.id)
        } else {
            None
        };
        Ok(super::views::page(
            &order,
            side,
            passport,
            (self.till.cards.is_some(), card),
            key.filter(|_| order.buyer.is_none()),
            self.now,
        ))
    }

    /// One step by the viewer, as the page's form asked for it.
    pub async fn act(
        &self,
        viewer: Option<&StoredAccount>,
        form: &OrderActionForm,
    ) -> Result<Next, ServiceError> {
        let (order, side) = self.seen_by(&form.order, viewer, Some(&form.key)).await?;
        let action = form.action().map_err(ServiceError::Invalid)?;
        if form.from.trim() != order.status.slug() {
            return Err(changed_meanwhile());
        }
        let decision = decide(&order, side, &action, self.now).map_err(refused)?;
        if action == OrderAction::PayByCard {
            self.start_card_payment(&order).await?;
        }
        if !self.take(&order, &decision).await? {
            return Err(changed_meanwhile());
        }
        let notice = match action {
            OrderAction::PayByTransfer => {
                "Your order is placed: the details for your bank transfer are below, and in your email."
            }
            OrderAction::PayByCard => {
                "Please enter your card below: the piece is held for you while you do."
            }
            OrderAction::RecordPayment(_) => "The payment is recorded and the buyer told.",
            OrderAction::Ship(_) => "Marked as sent: the buyer has the tracking details.",
            OrderAction::Collected => "Marked as collected: the order is complete.",
            OrderAction::Received => "Thank you: the order is complete.",
            OrderAction::Cancel => "The order is cancelled.",
            OrderAction::Refund => "The order is cancelled and the refund recorded.",
            OrderAction::Lapse | OrderAction::Complete | OrderAction::CardPaid => {
                "The order moved on."
            }
        };
        let mut next = to_order(order.id, notice);
        if order.buyer.is_none() && side == Side::Buyer && !form.key.trim().is_empty() {
            next.path = format!("{}?key={}", next.path, form.key.trim());
        }
        Ok(next)
    }

    /// Saves `decision` over the order's status with what it brings (payment,
    /// refund, ledger entry), then tells the other side and, once the piece has
    /// changed hands, its passport. `false` when the order moved meanwhile.
    pub(super) async fn take(
        &self,
        order: &OrderRecord,
        decision: &Decision,
    ) -> Result<bool, ServiceError> {
        let mut change = OrderChange {
            hold_until: decision.hold_until,
            shipment: decision.shipment.clone(),
            ..OrderChange::plain(order.status, decision.to, self.now)
        };
        match decision.payment {
            Some(PaymentMethod::Card) => {
                change.money.settles = self
                    .till
                    .pending_card(&order.id.purpose())
                    .await?
                    .map(|payment| payment.id);
                if change.money.settles.is_none() {
                    return Ok(false);
                }
                change.money.ledger = vec![(
                    format!("{}-paid", order.id.purpose()),
                    sale_lines(order, PaymentMethod::Card),
                )];
            }
            Some(method) => {
                change.money.payment = Some(self.record(order, method).await?);
                change.money.ledger = vec![(
                    format!("{}-paid", order.id.purpose()),
                    sale_lines(order, method),
                )];
            }
            None => {}
        }
        if matches!(decision.to, OrderStatus::Cancelled | OrderStatus::Lapsed) {
            change.money.abandons = self
                .till
                .pending_card(&order.id.purpose())
                .await?
                .map(|payment| payment.id);
        }
        if decision.to == OrderStatus::Refunded {
            let payments = self.till.records.payments_for(&order.id.purpose()).await?;
            change.money.refunds = refund_from(&payments, order.total_minor());
            for (id, share) in &change.money.refunds {
                if let Some(payment) = payments.iter().find(|payment| payment.id == *id) {
                    self.till.give_back(payment, *share).await?;
                }
            }
            let method = payments
                .iter()
                .find(|payment| payment.kept_minor() > 0)
                .map(|payment| payment.method)
                .ok_or_else(|| ServiceError::internal("a paid order without a payment"))?;
            change.money.ledger = vec![(
                format!("{}-refunded", order.id.purpose()),
                refund_lines(&sale_lines(order, method), order.total_minor()),
            )];
        }
        if !self.orders.move_order(order.id, &change).await? {
            return Ok(false);
        }
        let after = OrderRecord {
            status: decision.to,
            hold_until: decision.hold_until,
            shipment: decision.shipment.clone().or_else(|| order.shipment.clone()),
            ..order.clone()
        };
        let hold_day = decision
            .hold_until
            .or(order.hold_until)
            .map(shown)
            .unwrap_or_default();
        let links = self.links(&after);
        for mail in letters::for_step(&after, order.status, decision.to, &links, &hold_day) {
            self.outbox
                .queue_mail(&mail.to, &mail.letter.subject, &mail.letter.body, self.now)
                .await?;
        }
        if decision.to == OrderStatus::Completed {
            self.record_change_of_hands(&after).await?;
        }
        Ok(true)
    }

    /// A payment the maker received themselves, as the step keeps it.
    async fn record(
        &self,
        order: &OrderRecord,
        method: PaymentMethod,
    ) -> Result<NewPayment, ServiceError> {
        let request = PaymentRequest {
            purpose: order.id.purpose(),
            amount: order.total(),
            method,
            idempotency_key: format!("{}-paid", order.id.purpose()),
        };
        self.till
            .collect(
                request,
                self.now,
                "The payment is not through yet: the order moves on once it is.",
            )
            .await
    }

    /// The piece's passport says it changed hands on this day, through whom it
    /// was sold, and nothing of the buyer.
    async fn record_change_of_hands(&self, order: &OrderRecord) -> Result<(), ServiceError> {
        let Some(passport) = self.passports.latest_passport(order.piece.0).await? else {
            return Ok(());
        };
        let work = PassportWork {
            work: "Changed hands".into(),
            on: day(self.now),
            by: PassportMaker {
                name: order.maker_name.clone(),
                slug: order.maker_slug.clone(),
            },
            note: "Sold through Touchstone.".into(),
        };
        crate::passports::record_work(self.passports, self.notary, &passport.id, work, self.now)
            .await?;
        Ok(())
    }

    /// The buyer's orders, or the studio's when `as_maker`: those waiting for
    /// the viewer first.
    pub async fn list(
        &self,
        viewer: Option<&StoredAccount>,
        as_maker: bool,
    ) -> Result<Vec<OrderSummary>, ServiceError> {
        let (orders, side) = if as_maker {
            let studio = self.studio(viewer).await?;
            (self.orders.maker_orders(studio.id).await?, Side::Maker)
        } else {
            let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
            let guest_address = super::guests::guest_address(viewer);
            (
                self.orders.buyer_orders(viewer.id, guest_address).await?,
                Side::Buyer,
            )
        };
        let mut summaries: Vec<OrderSummary> = orders
            .iter()
            .map(|order| super::views::summary(order, side, self.now))
            .collect();
        // A stable sort keeps the newest first within each group.
        summaries.sort_by_key(|summary| !summary.waiting_for_you);
        Ok(summaries)
    }

    /// The pieces the buyer bought, with their passports.
    pub async fn owned(
        &self,
        viewer: Option<&StoredAccount>,
    ) -> Result<Vec<OwnedPiece>, ServiceError> {
        let viewer = viewer.ok_or(ServiceError::Unauthenticated)?;
        let mut owned = Vec::new();
        let guest_address = super::guests::guest_address(viewer);
        for order in self.orders.buyer_orders(viewer.id, guest_address).await? {
            if !order.status.is_sale() {
                continue;
            }
            let passport = self
                .passports
                .latest_passport(order.piece.0)
                .await?
                .map(|passport| passport.id);
            owned.push(OwnedPiece {
                order: order.id.0,
                piece_slug: order.piece_slug.clone(),
                piece_title: order.piece_title.clone(),
                maker_name: order.maker_name.clone(),
                bought_on: day(order.paid_at.unwrap_or(order.created_at)),
                edition: order.edition.map(edition_text),
                passport,
            });
        }
        Ok(owned)
    }
}
