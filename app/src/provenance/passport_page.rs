//! `/passport/{id}` and `/passport/{id}/v/{version}`: checks a passport's signature
//! and shows the disclosure exactly as it was signed, with a QR code to print.

use super::{PassportCheck, ProvenanceSection};
use crate::error::AppError;
use crate::layout::ErrorPage;
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
        <Suspense fallback=|| view! { <p>"Checking the passport…"</p> }>
            {move || Suspend::new(async move {
                match check.await {
                    Ok(check) => view! { <PassportView check/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
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
        view! {
            <p class="passport__piece">
                <a href=format!("/pieces/{}", piece.slug)>{piece.title}</a>
                " by "
                <a href=format!("/makers/{}", piece.maker.slug)>{piece.maker.name}</a>
            </p>
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
            {disclosure}
        </article>
    }
}
