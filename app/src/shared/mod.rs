//! Domain values and helpers shared by every feature.

mod forms;
mod image;
#[cfg(feature = "ssr")]
mod request;
mod site;

pub use domain::shared::*;
pub use forms::{Back, Feedback, FeedbackMessage, take_feedback};
#[cfg(feature = "ssr")]
pub use forms::{conclude, remember_outcome};
pub use image::ResponsiveImage;
#[cfg(feature = "ssr")]
pub use request::{Redirector, ResponseStatus, Services, redirect, set_status, store};
#[cfg(feature = "ssr")]
pub use services::MediaPass;
pub use site::{JsonLd, PageMeta, PageTitle, absolute_url};
