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

/// Who the request goes to, whether the visitor can send it, and the brief to
/// start from (their consultation's, when the address names one).
#[server(endpoint = "commissions/maker")]
pub async fn commission_maker(
    slug: String,
    #[server(default)] booking: String,
) -> Result<super::RequestStart, AppError> {
    let services = crate::shared::Services::from_context()?;
    let viewer = crate::accounts::current_account().await?;
    let desk = services::commissions::desk::CommissionDesk::new(
        services.store.as_ref(),
        services.notary.as_ref(),
        crate::orders::PlatformFee::from_context()?.0,
        &services.site,
        jiff::Timestamp::now(),
    );
    Ok(desk.request_start(viewer.as_ref(), &slug, &booking).await?)
}

#[server(endpoint = "commissions/request")]
pub async fn request_commission(#[server(flatten)] form: RequestForm) -> Result<(), AppError> {
    let slug: String = form
        .maker
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let booking: String = form.booking.chars().filter(char::is_ascii_digit).collect();
    let back = crate::shared::Back::to(
        if booking.is_empty() {
            format!("/makers/{slug}/commission")
        } else {
            format!("/makers/{slug}/commission?booking={booking}")
        },
        "commission-request",
    )
    .keeping(vec![(
        "brief",
        crate::shared::first_chars(&form.brief, MAX_BRIEF),
    )]);
    crate::shared::conclude_step(
        async |request: super::CommissionRequest| {
            request.desk().request(Some(&request.viewer), &form).await
        },
        back,
    )
    .await
}

#[component]
pub fn RequestCommissionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let address = move || {
        (
            params.read().get("slug").unwrap_or_default(),
            query.read().get("booking").unwrap_or_default(),
        )
    };
    let maker = Resource::new(address, |(slug, booking)| commission_maker(slug, booking));
    let feedback = Resource::new(slug, |_| take_feedback("commission-request".into()));
    view! {
        <PrivateTitle title="Commission a piece"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let feedback = feedback.await.ok().flatten();
                match maker.await {
                    Ok(start) if !start.signed_in => {
                        let name = start.maker;
                        view! {
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
                    }.into_any()
                    }
                    Ok(start) => {
                        let name = start.maker;
                        let brief = crate::shared::typed(&feedback, "brief").unwrap_or(start.brief);
                        view! {
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
                                    hint=Some("The piece, the occasion, metals and stones you like, your budget, and any stone or gold of your own to re-use. Pictures can follow once it is sent.")/>
                                <button class="button" type="submit">"Send my request"</button>
                            </form>
                        </section>
                    }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
