//! Commissions: a buyer's request, the maker's proposal, the design rounds, the
//! signed agreement, making and handover — the desk both sides act through
//! (`desk`), the steps time takes (`clock`), what their pages show (`views`) and what the emails say (`letters`).

pub use domain::commissions::*;

mod cards;
pub mod clock;
mod custody;
pub mod desk;
mod finished;
pub mod letters;
mod messages;
mod money;
mod request;
pub mod views;

pub use custody::{DecidedCustody, acknowledged_letter, happening_letter, intake_letter};
pub use finished::{PIECE_ACTIONS, making_record};
pub use request::REQUESTS_PER_HOUR;
