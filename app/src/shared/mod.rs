//! What every feature's pages share: page metadata, forms that post and show their
//! feedback once, the request context; and, re-exported, the domain's shared values.

mod forms;
mod image;
#[cfg(feature = "ssr")]
mod request;
mod site;

pub use domain::shared::*;
pub use forms::{Back, Feedback, FeedbackMessage, refused, take_feedback, typed, typed_form};
#[cfg(feature = "ssr")]
pub use forms::{carried_form, conclude, conclude_step, remember_outcome};
pub use image::ResponsiveImage;
#[cfg(feature = "ssr")]
pub use request::{FromRequest, Redirector, ResponseStatus, Services, redirect, set_status, store};
#[cfg(feature = "ssr")]
pub use services::MediaPass;
pub use site::{JsonLd, PageMeta, PageTitle, absolute_url};
