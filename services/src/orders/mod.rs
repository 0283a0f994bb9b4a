//! Orders for ready pieces: the studio's terms of sale and the checkout's hold
//! (`checkout`), the steps both sides take (`desk`), the ones time takes
//! (`clock`), what the pages show (`views`) and what the emails say (`letters`).

pub use domain::orders::*;

mod cards;
mod checkout;
mod clock;
pub mod desk;
mod guests;
pub mod letters;
mod views;

pub use clock::OrderRound;
pub use guests::GUEST_LINK_DAYS;
