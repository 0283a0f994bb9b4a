//! Buying ready pieces: the studio's terms of sale (`selling_page`), the
//! checkout that holds a piece (`checkout_page`), one page per order for both
//! sides (`order_page`), and the lists of orders and owned pieces (`lists_page`).

mod card_island;
mod checkout_page;
mod lists_page;
mod order_page;
mod selling_page;

pub use card_island::CardSection;
pub use checkout_page::{CheckoutPage, GuestCheckoutSentPage};
pub use domain::orders::*;
pub use lists_page::{BuyerOrdersPage, OwnedPiecesPage, StudioOrdersPage};
pub use order_page::OrderPage;
pub use selling_page::SellingPage;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// The platform's fee on each price, in basis points: what the ledger keeps of
/// every sale (set by the server from its settings).
#[derive(Clone, Copy, Debug)]
pub struct PlatformFee(pub u32);

#[cfg(feature = "ssr")]
impl PlatformFee {
    pub(crate) fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<PlatformFee>()
            .ok_or_else(|| AppError::internal("no platform fee in the request context"))
    }
}

/// Card payments, when the server has a processor set up.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct CardProcessor(pub std::sync::Arc<dyn domain::payments::CardPayments>);

#[cfg(feature = "ssr")]
impl CardProcessor {
    /// The server's card processor, when it has one set up.
    pub(crate) fn from_context() -> Option<std::sync::Arc<dyn domain::payments::CardPayments>> {
        leptos::prelude::use_context::<CardProcessor>().map(|CardProcessor(cards)| cards)
    }
}

/// The signed-in person and the desk they act through.
#[cfg(feature = "ssr")]
pub(crate) struct OrderRequest {
    pub viewer: Option<crate::accounts::StoredAccount>,
    services: crate::shared::Services,
    fee: PlatformFee,
    cards: Option<std::sync::Arc<dyn domain::payments::CardPayments>>,
}

#[cfg(feature = "ssr")]
impl crate::shared::FromRequest for OrderRequest {
    /// The request as it is: signed in or not (a page says what needs signing in).
    async fn from_context() -> Result<Self, AppError> {
        let services = crate::shared::Services::from_context()?;
        let viewer = crate::accounts::current_account().await?;
        Ok(OrderRequest {
            viewer,
            services,
            fee: PlatformFee::from_context()?,
            cards: CardProcessor::from_context(),
        })
    }
}

#[cfg(feature = "ssr")]
impl OrderRequest {
    pub(crate) fn desk(&self) -> services::orders::desk::OrderDesk<'_> {
        let mut desk = services::orders::desk::OrderDesk::new(
            self.services.store.as_ref(),
            self.services.notary.as_ref(),
            self.services.link_keys.as_ref(),
            self.fee.0,
            &self.services.site,
            jiff::Timestamp::now(),
        );
        desk.till.cards = self.cards.as_deref();
        desk
    }
}
