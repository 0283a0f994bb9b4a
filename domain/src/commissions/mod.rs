//! Commissions: from a buyer's request to a finished piece, as one tracked flow —
//! a versioned proposal shown in full before it is accepted, a deposit, counted
//! design rounds, a design agreement frozen at the lock, making, the balance and
//! the handover.
//!
//! `flow` is the state machine (every stage, the step each party may take, the
//! money each step moves); `terms` is the maker's proposal and the arithmetic of
//! deposits and refunds. `transitions.txt` beside them is the whole table, every
//! stage × step × party, checked by the tests.

mod flow;
mod terms;

pub use flow::*;
pub use terms::*;

#[cfg(test)]
mod tests;
