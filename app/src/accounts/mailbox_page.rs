//! `/dev/mail`: the outgoing mail, for development and browser tests, when the
//! server is configured to show it (never in production: it holds sign-in links).

use super::Mail;
use crate::error::AppError;
use crate::layout::{error_page, private_page};
use leptos::prelude::*;

/// Provided by the server when the development mailbox is switched on.
#[derive(Clone, Copy, Debug)]
pub struct DevMailbox;

#[server(endpoint = "dev/mail")]
pub async fn dev_mail() -> Result<Vec<Mail>, AppError> {
    if use_context::<DevMailbox>().is_none() {
        return Err(AppError::NotFound);
    }
    crate::shared::store()?
        .recent_mail(50)
        .await
        .map_err(AppError::internal)
}

/// The links in a plain-text mail, to click through in tests and by hand.
fn links(body: &str) -> Vec<String> {
    body.split_whitespace()
        .filter(|word| word.starts_with("http://") || word.starts_with("https://"))
        .map(str::to_owned)
        .collect()
}

#[component]
pub fn MailboxPage() -> impl IntoView {
    private_page(
        "Outgoing mail",
        dev_mail,
        None,
        |mail, _| {
            view! {
                <section class="mailbox">
                    <h1>"Outgoing mail"</h1>
                    <p>"Development only: what Touchstone has sent, newest first."</p>
                    {mail.into_iter().map(|mail| {
                        let links = links(&mail.body);
                        view! {
                            <article class="mail">
                                <h2>{mail.subject}</h2>
                                <p class="mail__meta">
                                    "To " {mail.to} ", " {mail.queued}
                                    {mail.not_before.map(|later| format!(", to be sent {later}"))}
                                </p>
                                <pre>{mail.body}</pre>
                                {mail.attachment.map(|attachment| view! {
                                    <details class="mail__attachment">
                                        <summary>{format!("Attachment: {} ({})", attachment.name, attachment.content_type)}</summary>
                                        <pre>{attachment.text}</pre>
                                    </details>
                                })}
                                <ul>
                                    {links.into_iter().map(|link| view! {
                                        <li><a href=link.clone()>{link.clone()}</a></li>
                                    }).collect_view()}
                                </ul>
                            </article>
                        }
                    }).collect_view()}
                </section>
            }
        },
        error_page,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_links_in_a_mail() {
        assert_eq!(
            super::links("Open\n\nhttps://t.example/account/confirm?token=ab\n\nthen go."),
            ["https://t.example/account/confirm?token=ab"]
        );
    }
}
