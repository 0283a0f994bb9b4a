//! `/makers/{slug}/commission`: a signed-in buyer tells a maker what they would
//! like made (after a consultation, the booking's page links here with it).

use super::{MAX_BRIEF, RequestForm};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::ErrorPage;
use crate::shared::{FeedbackMessage, take_feedback};
use crate::studio::fields::TextArea;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Who the request goes to (the maker's name, when they take commissions), and
/// whether the visitor is signed in to send it.
#[server(endpoint = "commissions/maker")]
pub async fn commission_maker(slug: String) -> Result<(String, bool), AppError> {
    let signed_in = use_context::<crate::accounts::Viewer>().is_some();
    let store = crate::shared::store()?;
    match crate::store::Catalogue::maker_profile(store.as_ref(), slug.trim()).await? {
        Some(profile) if profile.card.commissions.open => {
            Ok((profile.card.display_name, signed_in))
        }
        Some(profile) => Err(AppError::Invalid(format!(
            "{} isn't taking commissions at the moment.",
            profile.card.display_name
        ))),
        None => Err(AppError::NotFound),
    }
}

#[server(endpoint = "commissions/request")]
pub async fn request_commission(#[server(flatten)] form: RequestForm) -> Result<(), AppError> {
    let slug: String = form
        .maker
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let booking: String = form.booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back {
        path: if booking.is_empty() {
            format!("/makers/{slug}/commission")
        } else {
            format!("/makers/{slug}/commission?booking={booking}")
        },
        form: "commission-request",
        fields: vec![("brief", crate::shared::first_chars(&form.brief, MAX_BRIEF))],
    };
    let outcome = async {
        let request = super::CommissionRequest::from_context().await?;
        request
            .desk()
            .request(Some(&request.viewer), &form)
            .await
            .map_err(AppError::from)
    }
    .await;
    crate::shared::conclude(outcome, back).await
}

#[component]
pub fn RequestCommissionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let maker = Resource::new(slug, commission_maker);
    let feedback = Resource::new(slug, |_| take_feedback("commission-request".into()));
    view! {
        <PrivateTitle title="Commission a piece"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                let brief = feedback.as_ref().and_then(|f| f.field("brief")).unwrap_or_default();
                match maker.await {
                    Ok((name, false)) => view! {
                        <section class="form-page">
                            <h1>{format!("Commission a piece from {name}")}</h1>
                            <p>{format!(
                                "Tell {name} what you would like made, and they answer with a proposal: \
                                 the piece, its materials, the price and the terms, before you pay anything. \
                                 Your commission is kept in your account, so please sign in first."
                            )}</p>
                            <p>
                                <a class="button" href="/sign-in">"Sign in"</a>
                                " or "
                                <a href="/sign-up">"create an account"</a>
                            </p>
                        </section>
                    }.into_any(),
                    Ok((name, true)) => view! {
                        <section class="form-page">
                            <h1>{format!("Commission a piece from {name}")}</h1>
                            <FeedbackMessage feedback/>
                            <p>{format!(
                                "Tell {name} what you would like made. They answer with a proposal: \
                                 the piece, its metals and stones, the price, the deposit, the design \
                                 rounds included and what is refunded if you stop — all before you \
                                 pay anything."
                            )}</p>
                            <form method="post" action=RequestCommission::url() class="stacked-form">
                                <input type="hidden" name="maker" value=slug()/>
                                <input type="hidden" name="booking"
                                    value=query.read_untracked().get("booking").unwrap_or_default()/>
                                <TextArea label="What would you like made?".into() name="brief".into()
                                    value=brief maxlength=MAX_BRIEF rows=8
                                    hint=Some("The piece, the occasion, metals and stones you like, your budget, and any stone or gold of your own to re-use.")/>
                                <button class="button" type="submit">"Send my request"</button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
