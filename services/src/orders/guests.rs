//! A guest buys without an account. The checkout holds the piece as for anyone
//! and emails a link to the address they gave; the link confirms the address
//! (until then the order can't be paid and sends them nothing else) and opens
//! their order afterwards. Every letter to a guest carries a fresh link, signed
//! with the link keys, so rotating a key that leaked closes every order it
//! opened.

use super::desk::OrderDesk;
use super::letters::{self, Links};
use super::{HOLD_MINUTES, Held, OrderBuyer, OrderChange, OrderId, OrderRecord, OrderStatus};
use crate::ServiceError;
use crate::accounts::Email;
use crate::links::{sign, verified};
use crate::shared::{Next, form_text};
use jiff::SignedDuration;

const LINK_KIND: &str = "touchstone-order-link/1";
/// How long a link to a guest's order opens it: past a transfer's three days,
/// the sending and the fortnight before a sent order completes, with room to
/// come back for the passport. Each letter brings a new one.
pub const GUEST_LINK_DAYS: i64 = 90;
const MAX_GUEST_NAME: usize = 120;

fn link_refused() -> ServiceError {
    ServiceError::Invalid(
        "This link isn't valid any more: please use the newest email about your order.".into(),
    )
}

/// The address whose guest orders an account counts as its own: its address,
/// once the account has confirmed it.
pub(super) fn guest_address(account: &crate::accounts::StoredAccount) -> Option<&str> {
    account.email_verified.then(|| account.email.as_str())
}

/// Whether a guest placed `order` under the account's confirmed address and
/// confirmed it from there: the same mailbox, so the same person.
pub(super) fn placed_as_guest_by(
    order: &OrderRecord,
    account: &crate::accounts::StoredAccount,
) -> bool {
    order.buyer.is_none()
        && order.email_confirmed
        && guest_address(account) == Some(order.buyer_email.as_str())
}

impl OrderDesk<'_> {
    /// The buyer the checkout form names: the account signed in, or the guest
    /// it describes.
    pub(super) fn buyer_of(
        &self,
        viewer: Option<&crate::accounts::StoredAccount>,
        form: &super::CheckoutForm,
    ) -> Result<OrderBuyer, ServiceError> {
        if let Some(account) = viewer {
            return Ok(OrderBuyer::Account(account.id));
        }
        let name = form_text(&form.guest_name, "Your name", MAX_GUEST_NAME, true)
            .map_err(ServiceError::Invalid)?;
        let email = Email::parse(&form.guest_email).map_err(|_| {
            ServiceError::Invalid(
                "Please give your email address: the link to your order goes there.".into(),
            )
        })?;
        Ok(OrderBuyer::Guest {
            name,
            email: email.to_string(),
        })
    }

    /// The key that opens a guest's order, for `GUEST_LINK_DAYS` from now.
    fn guest_key(&self, order: OrderId) -> String {
        let expires = self.now + SignedDuration::from_hours(24 * GUEST_LINK_DAYS);
        sign(
            self.link_keys,
            LINK_KIND,
            &[&order.0.to_string(), &expires.as_second().to_string()],
        )
    }

    /// The order a guest's key opens, if it is one a current key signed and it
    /// hasn't expired.
    pub(super) fn guest_order(&self, key: &str) -> Result<OrderId, ServiceError> {
        let [order, expires] = verified(self.link_keys, LINK_KIND, key).ok_or_else(link_refused)?;
        let expires = expires.parse::<i64>().map_err(|_| link_refused())?;
        if self.now.as_second() > expires {
            return Err(link_refused());
        }
        order
            .parse::<i64>()
            .map(OrderId)
            .map_err(|_| link_refused())
    }

    /// Where the letters about `order` take each side.
    pub(super) fn links(&self, order: &OrderRecord) -> Links {
        let page = format!("{}/orders/{}", self.site, order.id.0);
        Links {
            buyer: match order.buyer {
                Some(_) => page.clone(),
                None => format!("{page}?key={}", self.guest_key(order.id)),
            },
            maker: page,
        }
    }

    /// After a guest's hold: the link that confirms their address (and opens
    /// the order) goes to it, again if they press again — never to the page,
    /// which anyone could have typed the address into. Within the mail limits
    /// per address and per `client` connection, or a new hold is given up at
    /// once (so nobody holds a studio's pieces for made-up guests).
    pub(super) async fn welcome_guest(
        &self,
        held: Held,
        client: &str,
    ) -> Result<Next, ServiceError> {
        let order = self
            .orders
            .order(held.id())
            .await?
            .ok_or(ServiceError::NotFound)?;
        let email = Email::parse(&order.buyer_email).map_err(|_| link_refused())?;
        if let Err(refused) =
            crate::accounts::limits::allow_mail(self.throttle, self.now, &email, client).await
        {
            // Only a hold this checkout took is given up: pressing again with
            // someone's address must not cancel what they hold.
            if let Held::New(id) = held {
                let given_up =
                    OrderChange::plain(OrderStatus::Held, OrderStatus::Cancelled, self.now);
                self.orders.move_order(id, &given_up).await?;
            }
            return Err(refused);
        }
        // An order that stands already gets the link to it, nothing to confirm;
        // the page says the same either way, so whoever typed the address in
        // learns nothing of it.
        let link = self.links(&order).buyer;
        let mail = if order.email_confirmed {
            letters::order_link(&order, &link)
        } else {
            letters::confirm_address(&order, &link, HOLD_MINUTES)
        };
        self.outbox
            .queue_mail(&mail.to, &mail.letter.subject, &mail.letter.body, self.now)
            .await?;
        Ok(Next {
            path: "/orders/check-your-email".into(),
            form: "checkout",
            notice: Some(format!(
                "Nearly done: we've sent a link to {} to confirm your address and choose how to pay. {} is held for you meanwhile.",
                order.buyer_email, order.piece_title
            )),
        })
    }

    /// The guest followed their link and pressed Confirm: the address is theirs,
    /// and the order can be paid.
    pub async fn confirm_email(&self, raw_id: &str, key: &str) -> Result<Next, ServiceError> {
        let id = self.guest_order(key)?;
        if OrderId::parse(raw_id) != Some(id) {
            return Err(ServiceError::NotFound);
        }
        let order = self.orders.order(id).await?.ok_or(ServiceError::NotFound)?;
        let notice = if order.email_confirmed {
            "Your address is confirmed already."
        } else if self.orders.confirm_order_email(id, self.now).await? {
            "Thank you: your address is confirmed. Choose how to pay below."
        } else {
            return Err(ServiceError::Conflict(
                "The hold on this piece ended before the address was confirmed: it may be bought by someone else now.".into(),
            ));
        };
        Ok(Next {
            path: format!("/orders/{}?key={}", id.0, key.trim()),
            form: "order",
            notice: Some(notice.into()),
        })
    }
}
