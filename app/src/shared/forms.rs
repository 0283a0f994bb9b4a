//! Forms that work as plain HTML posts: a server function handles the post, then
//! redirects (post/redirect/get). What the next page must say — the error and what
//! was typed, or a confirmation — travels in the session, read once.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::shared::Next;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a page shows about the last submission of one of its forms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// The form it is for, so another page's form never shows it.
    pub form: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    /// What was typed into the non-secret fields, to fill them in again.
    pub fields: Vec<(String, String)>,
}

impl Feedback {
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
    }
}

/// What was typed into the field `name` of a refused post, if anything.
pub fn typed(feedback: &Option<Feedback>, name: &str) -> Option<String> {
    feedback.as_ref().and_then(|feedback| feedback.field(name))
}

/// Whether the post was refused: its fields are then described by the error.
pub fn refused(feedback: &Option<Feedback>) -> bool {
    feedback
        .as_ref()
        .is_some_and(|feedback| feedback.error.is_some())
}

/// A whole form a refused post carried back as JSON in the field `name`, if
/// it still reads as one.
pub fn typed_form<T: serde::de::DeserializeOwned>(
    feedback: &Option<Feedback>,
    name: &str,
) -> Option<T> {
    typed(feedback, name).and_then(|json| serde_json::from_str(&json).ok())
}

/// A whole form carried back as JSON in the field `name`, for `typed_form`.
#[cfg(feature = "ssr")]
pub fn carried_form(name: &'static str, form: &impl Serialize) -> (&'static str, String) {
    (name, serde_json::to_string(form).unwrap_or_default())
}

/// Where a refused post goes back to, with what was typed.
#[derive(Clone, Debug)]
pub struct Back {
    pub path: String,
    pub form: &'static str,
    pub fields: Vec<(&'static str, String)>,
}

impl Back {
    /// Back to `path`, where the form named `form` shows the error.
    pub fn to(path: impl Into<String>, form: &'static str) -> Self {
        Back {
            path: path.into(),
            form,
            fields: Vec::new(),
        }
    }

    /// Carrying back what was typed into these fields.
    pub fn keeping(mut self, fields: Vec<(&'static str, String)>) -> Self {
        self.fields = fields;
        self
    }
}

#[cfg(feature = "ssr")]
const FEEDBACK: &str = "feedback";

/// Longest field value carried back for someone signed in (a whole piece form,
/// as JSON, fits).
#[cfg(feature = "ssr")]
const CARRIED_FIELD_CHARS: usize = 40_000;

/// All that is carried back for a browser nobody signed in on, whose session any
/// stranger can make by posting: the bytes of its field names and values, enough
/// for a guest's booking brief.
#[cfg(feature = "ssr")]
const ANONYMOUS_CARRIED_BYTES: usize = 8 * 1024;

/// What was typed, as the next page gets it back. Signed out, fields are taken in
/// order while they fit `ANONYMOUS_CARRIED_BYTES`, each whole or not at all (half
/// a JSON value would restore nothing); the forms cut each value to its field's
/// length first.
#[cfg(feature = "ssr")]
fn carried_fields(fields: Vec<(&'static str, String)>, signed_in: bool) -> Vec<(String, String)> {
    if signed_in {
        return fields
            .into_iter()
            .map(|(name, value)| {
                (
                    name.to_owned(),
                    crate::shared::first_chars(&value, CARRIED_FIELD_CHARS),
                )
            })
            .collect();
    }
    let mut room = ANONYMOUS_CARRIED_BYTES;
    fields
        .into_iter()
        .filter_map(|(name, value)| {
            let size = name.len() + value.len();
            (size <= room).then(|| {
                room -= size;
                (name.to_owned(), value)
            })
        })
        .collect()
}

/// Keeps what the next page must say about a form post in the session, and
/// returns where the browser goes next.
#[cfg(feature = "ssr")]
pub async fn remember_outcome(
    session: &dyn crate::accounts::SessionPort,
    outcome: &Result<Next, AppError>,
    back: Back,
) -> Result<String, AppError> {
    let signed_in = crate::accounts::is_signed_in(session).await?;
    let (path, feedback) = match outcome {
        Ok(next) => (
            next.path.clone(),
            next.notice.clone().map(|notice| Feedback {
                form: next.form.to_owned(),
                notice: Some(notice),
                ..Feedback::default()
            }),
        ),
        Err(error) => (
            back.path,
            Some(Feedback {
                form: back.form.to_owned(),
                error: Some(error.to_string()),
                notice: None,
                fields: carried_fields(back.fields, signed_in),
            }),
        ),
    };
    if let Some(feedback) = feedback {
        session
            .set_value(
                FEEDBACK,
                serde_json::to_value(feedback).map_err(AppError::internal)?,
            )
            .await?;
    }
    Ok(path)
}

/// Finishes a form post whose `step` acts through the feature's request `R`: on to
/// the next page, or back with the error (a signed-out browser to the sign-in page).
#[cfg(feature = "ssr")]
pub async fn conclude_step<R: super::FromRequest, E: Into<AppError>>(
    step: impl AsyncFnOnce(R) -> Result<Next, E>,
    back: Back,
) -> Result<(), AppError> {
    let outcome = match R::from_context().await {
        Ok(request) => step(request).await.map_err(Into::into),
        Err(error) => Err(error),
    };
    conclude(outcome, back).await
}

/// Finishes a form post: redirect to `next` on success, or back with the error.
#[cfg(feature = "ssr")]
pub async fn conclude(
    outcome: Result<Next, impl Into<AppError>>,
    back: Back,
) -> Result<(), AppError> {
    let outcome = outcome.map_err(Into::into);
    // Whatever form a signed-out browser posted, signing in comes first.
    let back = if matches!(outcome, Err(AppError::Unauthenticated)) {
        Back::to("/sign-in", "sign-in")
    } else {
        back
    };
    let session = crate::accounts::session_port()?;
    if !may_keep_feedback(session.as_ref(), &outcome).await? {
        // Nowhere to carry the message: the answer itself says it, with its status.
        return match outcome {
            Ok(next) => {
                crate::shared::redirect(&next.path);
                Ok(())
            }
            Err(error) => {
                crate::shared::set_status(error.status());
                Err(error)
            }
        };
    }
    let path = remember_outcome(session.as_ref(), &outcome, back).await?;
    crate::shared::redirect(&path);
    match outcome {
        Ok(_) => Ok(()),
        Err(error) => {
            // A script calling the function reads the status; a browser posting a
            // form needs the redirect's status to follow it.
            if !crate::accounts::is_form_post() {
                crate::shared::set_status(error.status());
            }
            Err(error)
        }
    }
}

/// Whether the post's feedback may be kept in the session: always in a session
/// the server keeps already or someone signed in on; in a new anonymous one only
/// within the client's quota, as a client that drops its cookie would make one
/// per post.
#[cfg(feature = "ssr")]
async fn may_keep_feedback(
    session: &dyn crate::accounts::SessionPort,
    outcome: &Result<Next, AppError>,
) -> Result<bool, AppError> {
    let has_feedback = match outcome {
        Ok(next) => next.notice.is_some(),
        Err(_) => true,
    };
    if !has_feedback || crate::accounts::is_signed_in(session).await? || session.is_stored().await?
    {
        return Ok(true);
    }
    let store = crate::shared::store()?;
    crate::accounts::limits::allow_anonymous_session(
        store.as_ref(),
        jiff::Timestamp::now(),
        &crate::accounts::client_address(),
    )
    .await
    .map_err(AppError::from)
}

/// The feedback for `form`, removed from the session once read.
#[server(endpoint = "forms/feedback")]
pub async fn take_feedback(form: String) -> Result<Option<Feedback>, AppError> {
    let session = crate::accounts::session_port()?;
    let Some(value) = session.get_value(FEEDBACK).await? else {
        return Ok(None);
    };
    let feedback: Option<Feedback> = serde_json::from_value(value).ok();
    match feedback {
        Some(feedback) if feedback.form == form => {
            session.remove_value(FEEDBACK).await?;
            Ok(Some(feedback))
        }
        Some(_) => Ok(None),
        None => {
            session.remove_value(FEEDBACK).await?;
            Ok(None)
        }
    }
}

/// The error (as an alert) or the confirmation (as a status) of the last post.
#[component]
pub fn FeedbackMessage(feedback: Option<Feedback>) -> impl IntoView {
    let (error, notice) = feedback
        .map(|feedback| (feedback.error, feedback.notice))
        .unwrap_or_default();
    view! {
        {error.map(|error| view! {
            <div class="form-error" role="alert" id="form-error">
                <p>{error}</p>
            </div>
        })}
        {notice.map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn signed_out_feedback_keeps_whole_fields_while_they_fit() {
        let big = "b".repeat(ANONYMOUS_CARRIED_BYTES);
        let fields = vec![
            ("email", "ana@example.com".to_owned()),
            ("brief", big.clone()),
            ("name", "Ana".to_owned()),
        ];
        let carried = carried_fields(fields.clone(), false);
        assert_eq!(
            carried,
            vec![
                ("email".to_owned(), "ana@example.com".to_owned()),
                ("name".to_owned(), "Ana".to_owned()),
            ],
            "a value too big for what is left is dropped whole"
        );
        let signed_in = carried_fields(fields, true);
        assert_eq!(signed_in[1].1, big, "signed in, a whole form is carried");
    }
}
