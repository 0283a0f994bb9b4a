//! The home page: what Touchstone is, who makes here, and what they made lately.

mod page;

pub use domain::home::*;
pub use page::{HomePage, home_sections};
