//! `/passport/{id}` and `/passport/{id}/v/{version}`: checks a passport's signature
//! and shows the disclosure exactly as it was signed, with a QR code to print.

use super::{PassportCheck, ProvenanceSection};
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

#[server(endpoint = "passport")]
pub async fn load_passport(id: String, version: Option<u32>) -> Result<PassportCheck, AppError> {
    use std::sync::Arc;
    let id_is_plausible = id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if !id_is_plausible {
        return Err(AppError::NotFound);
    }
    let notary = use_context::<Arc<dyn super::Notary>>()
        .ok_or_else(|| AppError::internal("no notary in the request context"))?;
    let site = use_context::<crate::shared::SiteUrl>()
        .map(|site| site.0)
        .unwrap_or_default();
    let stored = crate::shared::store()?
        .passport(&id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::check_passport(&stored, notary.as_ref(), &site))
}

#[component]
pub fn PassportPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        let params = params.read();
        let id = params.get("id").unwrap_or_default();
        let version = params.get("version").and_then(|v| v.parse::<u32>().ok());
        (id, version)
    };
    let check = Resource::new(key, |(id, version)| load_passport(id, version));
    view! {
        {when_loaded(check, None, |check, _| view! { <PassportView check/> }, error_page)}
    }
}

#[component]
fn PassportView(check: PassportCheck) -> impl IntoView {
    let PassportCheck {
        id,
        version,
        latest_version,
        key_id,
        valid,
        payload,
        qr_svg,
    } = check;
    let title = payload.as_ref().map_or_else(
        || "Provenance passport".to_owned(),
        |p| format!("Provenance passport: {}", p.piece.title),
    );
    let issued_on = payload
        .as_ref()
        .map(|p| p.issued_at.get(..10).unwrap_or(&p.issued_at).to_owned())
        .unwrap_or_default();
    let verdict = if valid {
        view! {
            <p class="verdict verdict--valid" role="status">
                <strong>"Valid."</strong>
                {format!(" Touchstone signed this disclosure on {issued_on}; nothing in it has changed since.")}
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="verdict verdict--invalid" role="alert">
                <strong>"Not valid."</strong>
                " The signature does not match these contents: do not rely on this passport."
            </p>
        }
        .into_any()
    };
    let superseded = (version < latest_version).then(|| {
        view! {
            <p class="notice">
                {format!("This is version {version}. It has been superseded by version {latest_version}: ")}
                <a href=format!("/passport/{id}")>"see the current version"</a>
            </p>
        }
    });
    let versions = (latest_version > 1).then(|| {
        view! {
            <nav aria-label="Versions">
                <ul class="tags">
                    {(1..=latest_version).map(|v| {
                        let href = format!("/passport/{id}/v/{v}");
                        let current = (v == version).then_some("page");
                        view! { <li><a href=href aria-current=current>{format!("Version {v}")}</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        }
    });
    let piece = payload.as_ref().map(|payload| {
        let piece = payload.piece.clone();
        // A commissioned piece its owner keeps private has no page of its own.
        let page = format!("/pieces/{}", piece.slug);
        let public = piece.url.ends_with(&page);
        view! {
            <p class="passport__piece">
                {if public {
                    view! { <a href=page>{piece.title}</a> }.into_any()
                } else {
                    view! { <span>{piece.title}</span> }.into_any()
                }}
                " by "
                <a href=format!("/makers/{}", piece.maker.slug)>{piece.maker.name}</a>
                {(!public).then_some(", privately owned")}
            </p>
        }
    });
    let making = payload
        .as_ref()
        .and_then(|payload| payload.commission.clone())
        .map(|making| view! { <MakingRecord making/> });
    let life = payload
        .as_ref()
        .map(|payload| payload.life.clone())
        .filter(|life| !life.is_empty())
        .map(|life| {
            view! {
                <section aria-labelledby="life-heading" class="passport__life">
                    <h2 id="life-heading">"Its life since it was made"</h2>
                    <p>"Work on the piece, each entry recorded by the maker who did it with the owner's consent."</p>
                    <ol class="timeline">
                        {life.into_iter().map(|work| view! {
                            <li>
                                <p>{format!("{} on {} by ", work.work, work.on)}
                                    <a href=format!("/makers/{}", work.by.slug)>{work.by.name}</a></p>
                                {(!work.note.is_empty()).then(|| view! { <blockquote>{work.note}</blockquote> })}
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
            }
        });
    let disclosure = payload.map(|payload| {
        view! {
            <ProvenanceSection disclosure=payload.disclosure piece_slug=payload.piece.slug/>
        }
    });
    view! {
        <crate::shared::PageTitle text=title.clone()/>
        <Meta name="robots" content="noindex"/>
        <article class="passport">
            <h1>{title.clone()}</h1>
            {verdict}
            {superseded}
            {piece}
            <div class="passport__card">
                <figure class="passport__qr">
                    <div role="img" aria-label="QR code that opens this passport" inner_html=qr_svg></div>
                    <figcaption>"Scan to check this passport. Print this page to keep it with the piece."</figcaption>
                </figure>
                <dl class="facts">
                    <dt>"Passport"</dt><dd><code>{id.clone()}</code></dd>
                    <dt>"Version"</dt><dd>{format!("{version} of {latest_version}")}</dd>
                    <dt>"Signed with key"</dt><dd><code>{key_id}</code>" (Ed25519)"</dd>
                </dl>
            </div>
            {versions}
            {making}
            {life}
            {disclosure}
        </article>
    }
}

/// How a commissioned piece's making can be checked: by the fingerprint of
/// its signed agreement and of every picture, which whoever holds them can
/// recompute (`sha256sum`).
#[component]
fn MakingRecord(making: crate::provenance::PassportCommission) -> impl IntoView {
    let progress = making.progress;
    let custody = making.custody;
    view! {
        <section aria-labelledby="making-heading" class="passport__making">
            <h2 id="making-heading">"Made to commission"</h2>
            <p>{format!(
                "Designed with its first owner; the design was agreed and signed on {}. \
                 The agreement and each picture below are named by their SHA-256: the \
                 owner's copies can be checked against them.",
                making.agreed_on
            )}</p>
            <dl class="facts">
                <dt>"Design agreement"</dt>
                <dd><code class="digest">{making.agreement_sha256}</code></dd>
                <dt>"Agreed design"</dt>
                <dd>
                    <ul class="digests">
                        {making.design_pictures.into_iter().map(|digest| view! {
                            <li><code class="digest">{digest}</code></li>
                        }).collect_view()}
                    </ul>
                </dd>
            </dl>
            {(!progress.is_empty()).then(|| view! {
                <h3>"While it was made"</h3>
                <ol class="timeline">
                    {progress.into_iter().map(|update| {
                        let count = update.pictures.len();
                        view! {
                            <li>
                                <p>{format!(
                                    "{} — progress update{}",
                                    update.on,
                                    match count {
                                        0 => String::new(),
                                        1 => " with 1 picture".to_owned(),
                                        n => format!(" with {n} pictures"),
                                    }
                                )}</p>
                                <ul class="digests">
                                    {update.pictures.into_iter().map(|digest| view! {
                                        <li><code class="digest">{digest}</code></li>
                                    }).collect_view()}
                                </ul>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
            {custody.map(|custody| view! {
                <h3>"Made with its first owner's own materials"</h3>
                <ul class="passport__custody">
                    {custody.materials.into_iter().map(|material| {
                        let history: String = material.history.iter()
                            .map(|(what, on)| format!(", {what} on {on}"))
                            .collect();
                        view! {
                            <li>{format!(
                                "The client's own {}, taken in on {}{history}.",
                                material.what, material.taken_in_on
                            )}</li>
                        }
                    }).collect_view()}
                </ul>
                <p>"The custody log of these materials, as it stood when this version was issued: SHA-256 of its latest entry "
                    <code class="digest">{custody.log_sha256}</code></p>
            })}
        </section>
    }
}
