//! Accounts: signing up with a confirmed email address, signing in and out,
//! changing and resetting a password, and the development mailbox.

mod account_page;
mod confirm_page;
mod form;
mod mailbox_page;
mod new_password_page;
mod reset_page;
#[cfg(feature = "ssr")]
mod session;
mod sign_in_page;
mod sign_up_page;

pub use account_page::AccountPage;
pub use confirm_page::ConfirmPage;
pub use domain::accounts::*;
pub use form::{FormPage, PrivateTitle};
pub use mailbox_page::{DevMailbox, MailboxPage};
pub use new_password_page::NewPasswordPage;
pub use reset_page::ResetPage;
#[cfg(feature = "ssr")]
pub use services::accounts::{
    ABSOLUTE_SESSION_SECONDS, SessionPort, is_signed_in, limits, passwords, service, sign_in,
    signed_in_account, values_are_signed_in,
};
#[cfg(feature = "ssr")]
pub use session::{CurrentSession, RequestOrigin, current_account, require_account};
#[cfg(feature = "ssr")]
pub(crate) use session::{client_address, is_form_post, session as session_port};
pub use sign_in_page::SignInPage;

/// The address typed into a refused account form, as it is carried back.
#[cfg(feature = "ssr")]
fn typed_email(email: &str) -> (&'static str, String) {
    ("email", crate::shared::first_chars(email, MAX_EMAIL_CHARS))
}
pub use sign_up_page::SignUpPage;

/// The account services for the request being served.
#[cfg(feature = "ssr")]
pub(crate) struct RequestServices {
    store: std::sync::Arc<dyn crate::store::Store>,
    session: std::sync::Arc<dyn SessionPort>,
    site: String,
}

#[cfg(feature = "ssr")]
impl RequestServices {
    pub(crate) fn from_context() -> Result<Self, crate::error::AppError> {
        Ok(RequestServices {
            store: crate::shared::store()?,
            session: session_port()?,
            site: leptos::prelude::use_context::<crate::shared::SiteUrl>()
                .map(|site| site.0)
                .unwrap_or_default(),
        })
    }

    pub(crate) fn accounts(&self) -> service::Accounts<'_> {
        service::Accounts {
            accounts: self.store.as_ref(),
            outbox: self.store.as_ref(),
            throttle: self.store.as_ref(),
            session: self.session.as_ref(),
            site: &self.site,
            now: jiff::Timestamp::now(),
        }
    }
}
