//! Storage cases shared by the conformance suite and the HTTP tests that need a
//! store prepared a certain way.

pub mod booking;
pub mod commissions;
pub mod custody;
pub mod orders;
pub mod studio;
