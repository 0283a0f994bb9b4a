//! What every feature uses: countries, money, slugs, pictures, text helpers.

mod country;
mod ids;
mod image;
mod money;
mod outcome;
mod site;
mod slug;
mod store_error;
mod text;

pub use country::{Country, CountryError};
pub use ids::{AccountId, MakerId, PieceId};
pub use image::{ImageRef, media_stem};
pub use money::{Currency, Money, MoneyError};
pub use outcome::Next;
pub use site::{SiteUrl, escaped_text};
pub use slug::{Slug, SlugError};
pub use store_error::{Conflict, StoreError};
pub use text::{capitalised, first_chars, form_text, has_control_characters, hex, url_encode};
