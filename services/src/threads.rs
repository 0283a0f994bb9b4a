//! The conversations of commissions and bookings: what a message may say, and
//! the email that tells the other side — batched, so a conversation's messages go
//! out together, and withdrawn once they are read on the page.

pub use domain::threads::*;

use crate::ServiceError;
use crate::accounts::{Outbox, OutgoingMail};
use domain::shared::has_control_characters;

/// How long a message waits before it is emailed, so that a conversation's
/// messages go out together.
pub const MESSAGE_MAIL_DELAY: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// Most pictures one message carries.
pub const MAX_MESSAGE_PICTURES: usize = 8;

/// The outbox topic of the pending email to `reader` about a thread's messages.
pub fn mail_topic(thread: Thread, reader: Party) -> String {
    format!("{}-messages-to-{}", thread.key(), reader.slug())
}

/// A message's text, trimmed: some words, or pictures without them; at most
/// `MAX_MESSAGE_PICTURES` pictures.
pub fn message_body(body: &str, pictures: usize) -> Result<&str, ServiceError> {
    if pictures > MAX_MESSAGE_PICTURES {
        return Err(ServiceError::Invalid(format!(
            "A message carries at most {MAX_MESSAGE_PICTURES} pictures."
        )));
    }
    let body = body.trim();
    if pictures > 0 && body.is_empty() {
        return Ok("");
    }
    if body.is_empty() || body.chars().count() > MAX_MESSAGE {
        return Err(ServiceError::Invalid(format!(
            "Please write a message of at most {MAX_MESSAGE} characters."
        )));
    }
    if has_control_characters(body) {
        return Err(ServiceError::Invalid(UNSHOWABLE.into()));
    }
    Ok(body)
}

/// A message to keep, and who hears of it.
pub struct Posting<'a> {
    pub thread: Thread,
    pub from: Party,
    pub body: &'a str,
    pub pictures: &'a [CommissionPicture],
    /// The other side's address; `None` when they have none to write to.
    pub reader_email: Option<&'a str>,
}

/// Keeps the message, then replaces the email not yet sent to the other side
/// with one holding every message of this side they haven't read (`letter`
/// words it: subject and body), due `MESSAGE_MAIL_DELAY` after the first of them.
pub async fn post(
    threads: &dyn ThreadStore,
    outbox: &dyn Outbox,
    posting: Posting<'_>,
    letter: impl FnOnce(&[Message]) -> (String, String),
    now: jiff::Timestamp,
) -> Result<(), ServiceError> {
    let Posting {
        thread,
        from,
        body,
        pictures,
        reader_email,
    } = posting;
    threads
        .post_message(thread, from, body, pictures, now)
        .await?;
    let Some(to) = reader_email else {
        return Ok(());
    };
    let reader = from.other();
    let read = threads.read_up_to(thread, reader).await?;
    let unread: Vec<Message> = threads
        .messages(thread)
        .await?
        .into_iter()
        .filter(|message| message.party == from && message.id > read)
        .collect();
    let not_before = unread
        .first()
        .and_then(|first| first.at.checked_add(MESSAGE_MAIL_DELAY).ok())
        .map(|due| due.max(now));
    let (subject, body) = letter(&unread);
    let topic = mail_topic(thread, reader);
    outbox.withdraw_mail(&topic).await?;
    outbox
        .queue_outgoing(
            &OutgoingMail {
                to: to.to_owned(),
                subject,
                body,
                attachment: None,
                not_before,
                topic: Some(topic),
            },
            now,
        )
        .await?;
    Ok(())
}

/// The thread as `party` reads it now: its messages and how far they had read
/// before. Reading marks them seen and withdraws the email not yet sent about them.
pub async fn read(
    threads: &dyn ThreadStore,
    outbox: &dyn Outbox,
    thread: Thread,
    party: Party,
) -> Result<(Vec<Message>, i64), ServiceError> {
    let messages = threads.messages(thread).await?;
    let read_up_to = threads.read_up_to(thread, party).await?;
    if let Some(newest) = messages.last()
        && newest.id > read_up_to
    {
        threads.mark_read(thread, party, newest.id).await?;
        outbox.withdraw_mail(&mail_topic(thread, party)).await?;
    }
    Ok((messages, read_up_to))
}

/// `3 Dec 2026, 09:15 UTC`.
pub fn when(at: jiff::Timestamp) -> String {
    at.strftime("%-d %b %Y, %H:%M UTC").to_string()
}

/// Pictures as this page's reader may load them, each with its SHA-256.
pub fn granted(
    pictures: &[CommissionPicture],
    pass: &crate::MediaPass,
    now: jiff::Timestamp,
) -> Vec<(crate::shared::ImageRef, String)> {
    pictures
        .iter()
        .map(|picture| {
            let mut image = picture.image.clone();
            pass.grant(&mut image, now);
            (image, picture.sha256.clone())
        })
        .collect()
}

/// The messages as `viewer` reads them: the other side's newer than
/// `read_up_to` marked new, pictures loadable by them.
pub fn message_views(
    messages: &[Message],
    read_up_to: i64,
    viewer: Party,
    name_of: impl Fn(Party) -> String,
    pass: &crate::MediaPass,
    now: jiff::Timestamp,
) -> Vec<MessageView> {
    messages
        .iter()
        .map(|message| MessageView {
            who: name_of(message.party),
            when: when(message.at),
            body: message.body.clone(),
            pictures: granted(&message.pictures, pass, now),
            new: message.party != viewer && message.id > read_up_to,
        })
        .collect()
}

/// Who writes to whom, about what, and where the answer goes.
pub struct Conversation<'a> {
    pub writer: &'a str,
    pub reader: &'a str,
    /// "your commission", "your consultation".
    pub about: &'a str,
    /// "the commission's page": where pictures are seen and answers written.
    pub page: &'a str,
}

/// The email of a side's unread messages: its subject and body, each message
/// quoted, pictures counted (they stay on the page, private).
pub fn messages_letter(
    conversation: &Conversation<'_>,
    messages: &[Message],
    link: &str,
) -> (String, String) {
    let Conversation {
        writer,
        reader,
        about,
        page,
    } = conversation;
    let quoted: Vec<String> = messages
        .iter()
        .map(|message| match message.pictures.len() {
            0 => message.body.clone(),
            n => format!(
                "{}[{n} picture{} on {page}]",
                if message.body.is_empty() {
                    String::new()
                } else {
                    format!("{}\n", message.body)
                },
                if n == 1 { "" } else { "s" }
            ),
        })
        .collect();
    let subject = match messages.len() {
        1 => format!("A message from {writer} about {about}"),
        n => format!("{n} messages from {writer} about {about}"),
    };
    let body = format!(
        "Hello {reader},\n\n{writer} wrote:\n\n{}\n\nAnswer on {page}:\n{link}\n",
        quoted.join("\n\n---\n\n")
    );
    (subject, body)
}
