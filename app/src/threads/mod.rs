//! Conversations between a buyer and a maker: what a commission's page and a
//! booking's pages show of one — the messages, their pictures with their
//! SHA-256, and the two forms that write (words, or pictures).

pub use domain::threads::*;

use crate::shared::ResponsiveImage;
use crate::studio::fields::TextArea;
use leptos::prelude::*;

/// Most pictures one message carries, as the form says.
const MAX_PICTURES: usize = 8;

/// Pictures each linked to its file and shown with its SHA-256.
#[component]
pub fn Pictures(pictures: Vec<(crate::shared::ImageRef, String)>) -> impl IntoView {
    view! {
        <ul class="commission__pictures">
            {pictures.into_iter().map(|(image, sha256)| view! {
                <li>
                    <a href=image.url()>
                        <ResponsiveImage image=image.clone() sizes="(min-width: 40rem) 12rem, 45vw"/>
                    </a>
                    <p class="digest">"SHA-256 "<code>{sha256}</code></p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The messages, oldest first, those the reader hadn't seen marked new.
#[component]
pub fn MessageList(messages: Vec<MessageView>) -> impl IntoView {
    view! {
        <ol class="messages">
            {messages.into_iter().map(|message| view! {
                <li class=if message.new { "message message--new" } else { "message" }>
                    <p class="message__meta">
                        <strong>{message.who}</strong>" · "<time>{message.when}</time>
                        {message.new.then(|| view! { " · "<span class="badge">"new"</span> })}
                    </p>
                    {(!message.body.is_empty()).then(|| view! { <p class="message__body">{message.body.clone()}</p> })}
                    {(!message.pictures.is_empty()).then(|| view! {
                        <Pictures pictures=message.pictures/>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// The two forms that write to `other`: words (posted to `words`, with `hidden`
/// fields), and pictures (a multipart post to `pictures`, which the browser
/// sends without JavaScript).
#[component]
pub fn WriteForms(
    other: String,
    words: String,
    hidden: Vec<(&'static str, String)>,
    pictures: String,
    /// What was typed before a refused post.
    typed: String,
) -> impl IntoView {
    view! {
        <form method="post" action=words class="stacked-form">
            {hidden.into_iter().map(|(name, value)| view! {
                <input type="hidden" name=name value=value/>
            }).collect_view()}
            <TextArea label=format!("Write to {other}") name="body".into() value=typed
                maxlength=MAX_MESSAGE rows=4 required=true id="message-body".to_owned()/>
            <button class="button" type="submit">"Send message"</button>
        </form>
        <form method="post" action=pictures enctype="multipart/form-data" class="stacked-form">
            <div class="field">
                <label for="message-pictures">{format!("Pictures for {other}")}</label>
                <p class="field__hint" id="message-pictures-hint">{format!(
                    "Reference pictures, a stone, a detail: JPEG, PNG or WebP, up to 20 MB each, at most {MAX_PICTURES}. Only the two of you see them."
                )}</p>
                <input id="message-pictures" type="file" name="pictures" multiple=true required=true
                    accept="image/jpeg,image/png,image/webp" aria-describedby="message-pictures-hint"/>
            </div>
            <TextArea label="About them (optional)".into() name="body".into() value=String::new()
                maxlength=MAX_MESSAGE rows=2 id="message-pictures-body".to_owned()/>
            <button class="button button--quiet" type="submit">"Send pictures"</button>
        </form>
    }
}
