//! Domain values and helpers shared by every feature.

mod country;
mod forms;
mod image;
#[cfg(feature = "ssr")]
mod media_pass;
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
pub use image::{ImageRef, ResponsiveImage, media_stem};
#[cfg(feature = "ssr")]
pub use media_pass::MediaPass;
pub use money::{Currency, Money, MoneyError};
#[cfg(feature = "ssr")]
pub use request::{Redirector, ResponseStatus, Services, redirect, set_status, store};
#[cfg(feature = "ssr")]
pub use site::escaped_text;
pub use site::{JsonLd, PageMeta, PageTitle, SiteUrl, absolute_url};
pub use slug::{Slug, SlugError};
pub use text::{capitalised, first_chars, hex, url_encode};
