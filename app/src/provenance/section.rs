//! The provenance section of a piece page: the summary line, the completeness
//! score, then every claim with its evidence badge.

use super::reading::{Statement, parts, summary, tally};
use super::{Disclosure, Evidence, completeness};
use leptos::prelude::*;

#[component]
fn EvidenceBadge(evidence: Evidence) -> impl IntoView {
    let (class, detail) = match &evidence {
        Evidence::Verified { by, on } => ("badge badge--verified", Some(format!("by {by}, {on}"))),
        Evidence::DocumentBacked { sha256, public } => (
            "badge badge--document",
            Some(if *public {
                format!("document SHA-256 {}…", sha256.get(..12).unwrap_or(sha256))
            } else {
                "document held privately".to_owned()
            }),
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

#[component]
fn Claims(statements: Vec<Statement>) -> impl IntoView {
    view! {
        <dl class="claims">
            {statements.into_iter().map(|statement| view! {
                <div class="claims__row">
                    <dt>{statement.label}</dt>
                    <dd>
                        <span class="claims__text">{statement.text}</span>
                        {statement.evidence.map(|evidence| view! { <EvidenceBadge evidence/> })}
                    </dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

#[component]
pub fn ProvenanceSection(disclosure: Disclosure) -> impl IntoView {
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
                <Claims statements=part.statements/>
            }).collect_view()}
        </section>
    }
}
