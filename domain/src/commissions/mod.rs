//! Commissions: from a buyer's request to a finished piece, as one tracked flow —
//! a versioned proposal shown in full before it is accepted, a deposit, counted
//! design rounds, a design agreement frozen at the lock, making, the balance and
//! the handover.
//!
//! `flow` is the state machine (every stage, the step each party may take, the
//! money each step moves); `terms` is the maker's proposal and the arithmetic of
//! deposits and refunds; `agreement` the signed document the design lock
//! freezes; `custody` the hash-chained log of a client's own stones and metal;
//! `next` whose move it is and what the clock waits for; `store` the
//! storage port; `forms` and `views` what the pages post
//! and show. `transitions.txt` beside them is the whole table, every
//! stage × step × party, checked by the tests.

mod agreement;
mod custody;
mod custody_pages;
mod flow;
mod forms;
mod next;
mod refusal;
mod store;
mod terms;
mod views;

pub use agreement::*;
pub use custody::*;
pub use custody_pages::*;
pub use flow::*;
pub use forms::*;
pub use store::*;
pub use terms::*;
pub use views::*;

#[cfg(test)]
mod tests;
