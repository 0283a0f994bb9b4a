//! The provenance section of a piece page: the summary line, the completeness
//! score, then every claim with its evidence badge.

use super::{Disclosure, Evidence, completeness};
use crate::provenance::reading::{Statement, parts, summary, tally};
use leptos::prelude::*;

/// A public document opens from the piece's documents; its digest is what the
/// passport signed, so a buyer can check the file is the one the maker attached.
#[component]
fn EvidenceBadge(evidence: Evidence, documents_at: Option<String>) -> impl IntoView {
    let document = evidence.document().map(|sha256| {
        let public = matches!(
            evidence,
            Evidence::DocumentBacked { public: true, .. } | Evidence::Verified { public: true, .. }
        );
        DocumentLink {
            sha256: sha256.to_owned(),
            public,
            documents_at: documents_at.clone(),
        }
    });
    let (class, detail) = match &evidence {
        Evidence::Verified { by, on, .. } => (
            "badge badge--verified",
            Some(
                view! {
                    {format!("by {by}, {on}")}
                    {document.map(|document| view! { " · " {document.view()} })}
                }
                .into_any(),
            ),
        ),
        Evidence::DocumentBacked { .. } => (
            "badge badge--document",
            document.map(|document| document.view()),
        ),
        Evidence::SelfDeclared => ("badge badge--declared", None),
    };
    view! {
        <span class="evidence">
            <span class=class>{evidence.label()}</span>
            {detail.map(|detail| view! { <span class="evidence__detail">{detail}</span> })}
        </span>
    }
}

/// The document a claim rests on: a link when it is public and the piece's
/// documents can be opened here, else its digest or that it is private.
struct DocumentLink {
    sha256: String,
    public: bool,
    documents_at: Option<String>,
}

impl DocumentLink {
    fn view(self) -> AnyView {
        let sha256 = self.sha256;
        let short = format!("SHA-256 {}…", sha256.get(..12).unwrap_or(&sha256));
        match self.documents_at.filter(|_| self.public) {
            Some(base) => view! {
                <a href=format!("{base}/{sha256}")>"open the document"</a>
                {format!(" ({short})")}
            }
            .into_any(),
            None if self.public => view! { {format!("document {short}")} }.into_any(),
            None => view! { "document held privately" }.into_any(),
        }
    }
}

#[component]
fn Claims(statements: Vec<Statement>, documents_at: Option<String>) -> impl IntoView {
    view! {
        <dl class="claims">
            {statements.into_iter().map(|statement| view! {
                <div class="claims__row">
                    <dt>{statement.label}</dt>
                    <dd>
                        <span class="claims__text">{statement.text}</span>
                        {statement.evidence.map(|evidence| view! { <EvidenceBadge evidence documents_at=documents_at.clone()/> })}
                    </dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// `piece_slug`: where the piece's public evidence documents open from.
#[component]
pub fn ProvenanceSection(disclosure: Disclosure, piece_slug: String) -> impl IntoView {
    let documents_at = format!("/pieces/{piece_slug}/documents");
    let summary = summary(&disclosure);
    let score = completeness(&disclosure);
    let parts = parts(&disclosure);
    let tally = tally(&parts);
    view! {
        <section class="provenance" aria-labelledby="provenance-heading">
            <h2 id="provenance-heading">"Provenance"</h2>
            <p class="provenance__summary">{summary}</p>
            <div class="provenance__scores">
                <p>
                    <span id="completeness-label">"Disclosure completeness"</span>
                    " "
                    <strong class="provenance__score">{format!("{score}%")}</strong>
                </p>
                <meter min="0" max="100" value=score.to_string() aria-labelledby="completeness-label"></meter>
                <p class="provenance__basis">
                    {format!(
                        "Of the details that apply to this piece's materials. {} claims: {} verified by Touchstone, {} backed by a document, {} declared by the maker.",
                        tally.total(), tally.verified, tally.documented, tally.declared,
                    )}
                </p>
            </div>
            {parts.into_iter().map(|part| view! {
                <h3>{part.heading}</h3>
                <Claims statements=part.statements documents_at=Some(documents_at.clone())/>
            }).collect_view()}
        </section>
    }
}
