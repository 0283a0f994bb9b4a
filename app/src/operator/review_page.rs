//! `/operator/evidence/{piece}/{sha256}`: one document beside the claims it
//! backs; the operator answers for each whether the document shows it.

use super::{ClaimFinding, MAX_REVIEW_NOTE_CHARS, ReviewSheet};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::when_loaded;
use crate::provenance::{ProvenanceSection, readable_size};
use crate::shared::FeedbackMessage;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
#[cfg(feature = "ssr")]
use crate::studio::piece_id;

#[server(endpoint = "operator/evidence/sheet")]
pub async fn load_review_sheet(piece: String, document: String) -> Result<ReviewSheet, AppError> {
    let request = super::OperatorRequest::from_context().await?;
    request
        .review()
        .sheet(piece_id(&piece)?, &document)
        .await
        .map_err(AppError::from)
}

/// `findings[N][path]` and `findings[N][outcome]` (`verified` or `not-shown`).
#[server(endpoint = "operator/evidence/review")]
pub async fn review_document(
    piece: String,
    document: String,
    #[server(default)] findings: Vec<ClaimFinding>,
    #[server(default)] seen: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let back = crate::shared::Back::to(
        format!(
            "/operator/evidence/{}/{}",
            piece
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>(),
            document
                .chars()
                .filter(char::is_ascii_hexdigit)
                .collect::<String>()
        ),
        "evidence-review",
    )
    .keeping(vec![("note", note.clone())]);
    crate::shared::conclude_step(
        async |request: super::OperatorRequest| {
            request
                .review()
                .review(
                    &request.operator,
                    piece_id(&piece)?,
                    &document,
                    &findings,
                    &seen,
                    &note,
                )
                .await
                .map_err(AppError::from)
        },
        back,
    )
    .await
}

#[component]
pub fn EvidenceReviewPage() -> impl IntoView {
    let params = use_params_map();
    let address = move || {
        let params = params.read();
        (
            params.get("piece").unwrap_or_default(),
            params.get("sha256").unwrap_or_default(),
        )
    };
    let sheet = Resource::new(address, |(piece, document)| {
        load_review_sheet(piece, document)
    });
    view! {
        <PrivateTitle title="Review a document"/>
        {when_loaded(sheet, Some("evidence-review"), |sheet, feedback| view! { <Sheet sheet feedback/> }, super::refusal)}
    }
}

#[component]
fn Sheet(sheet: ReviewSheet, feedback: Option<crate::shared::Feedback>) -> impl IntoView {
    let ReviewSheet {
        item,
        disclosure,
        fingerprint,
    } = sheet;
    let note = crate::shared::typed(&feedback, "note").unwrap_or_default();
    let document = item.document;
    let open = format!("/pieces/{}/documents/{}", item.piece_slug, document.sha256);
    view! {
        <section class="studio studio--editor">
            <p><a href="/operator/evidence">"← Evidence review"</a></p>
            <h1>{format!("Review “{}”", document.file_name)}</h1>
            <p>{format!("For “{}” by {}.", item.piece_title, item.maker_name)}</p>
            <FeedbackMessage feedback/>
            <p>
                <a class="button" href=open target="_blank" rel="noopener">"Open the document"</a>
                {format!(
                    " {}, {}, uploaded {} · {}",
                    document.kind.label(),
                    readable_size(document.byte_size),
                    document.uploaded_on,
                    if document.public { "buyers can open it" } else { "private to the maker" },
                )}
            </p>
            <p class="document-row__digest">"SHA-256 " <code>{document.sha256.clone()}</code></p>
            <form method="post" action=ReviewDocument::url() class="stacked-form">
                <input type="hidden" name="piece" value=item.piece.to_string()/>
                <input type="hidden" name="document" value=document.sha256.clone()/>
                <input type="hidden" name="seen" value=fingerprint/>
                {item.claims.into_iter().enumerate().map(|(index, claim)| {
                    let name = format!("findings[{index}][outcome]");
                    view! {
                        <fieldset class="field">
                            <legend>{claim.label}</legend>
                            <input type="hidden" name=format!("findings[{index}][path]") value=claim.path/>
                            <label class="checkbox">
                                <input type="radio" name=name.clone() value="verified" required=true/>
                                " The document shows it: verified"
                            </label>
                            <label class="checkbox">
                                <input type="radio" name=name value="not-shown"/>
                                " The document doesn't show it: back to the maker's word"
                            </label>
                        </fieldset>
                    }
                }).collect_view()}
                <crate::studio::fields::TextArea label="Note to the maker (optional)".into()
                    name="note".into() value=note rows=4 maxlength=MAX_REVIEW_NOTE_CHARS/>
                <button class="button" type="submit">"Save the review"</button>
            </form>
            <ProvenanceSection disclosure piece_slug=item.piece_slug/>
        </section>
    }
}
