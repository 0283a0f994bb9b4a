//! Domain values and helpers shared by every feature.

mod country;
mod forms;
mod image;
mod money;
#[cfg(feature = "ssr")]
mod request;
mod site;
mod slug;
mod text;

pub use country::{Country, CountryError};
pub use forms::{Back, Feedback, FeedbackMessage, Next, take_feedback};
#[cfg(feature = "ssr")]
pub use forms::{conclude, remember_outcome};
pub use image::{ImageRef, ResponsiveImage};
pub use money::{Currency, Money, MoneyError};
#[cfg(feature = "ssr")]
pub use request::{Redirector, ResponseStatus, Services, redirect, set_status, store};
pub use site::{JsonLd, PageMeta, SiteUrl, absolute_url, title_text};
pub use slug::{Slug, SlugError};
pub use text::{capitalised, first_chars, hex, url_encode};
