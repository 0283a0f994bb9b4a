//! The home page: what Touchstone is, who makes here, and what they made lately.

mod page;

pub use page::{HomeListing, HomePage, home_sections};
