//! Domain values and helpers shared by every feature.

mod country;
mod image;
mod money;
#[cfg(feature = "ssr")]
mod request;
mod site;
mod slug;

pub use country::{Country, CountryError};
pub use image::{ImageRef, ResponsiveImage};
pub use money::{Currency, Money, MoneyError};
#[cfg(feature = "ssr")]
pub use request::{ResponseStatus, set_status, store};
pub use site::{JsonLd, PageMeta, SiteUrl, absolute_url};
pub use slug::{Slug, SlugError};
