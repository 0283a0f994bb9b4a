//! `/pieces/{slug}/buy`: the checkout. The price, what delivery adds (or where to
//! collect), the studio's returns policy, then the address; sending the form
//! holds the piece for the buyer while they choose how to pay.

use super::{CheckoutForm, CheckoutView, Delivery, MAX_ADDRESS_FIELD};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, load_from_address, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::Input;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "orders/checkout-start")]
pub async fn load_checkout(slug: String) -> Result<CheckoutView, AppError> {
    let request = super::OrderRequest::from_context().await?;
    Ok(request
        .desk()
        .checkout_page(request.viewer.as_ref(), &slug)
        .await?)
}

#[server(endpoint = "orders/checkout")]
pub async fn checkout(#[server(flatten)] form: CheckoutForm) -> Result<(), AppError> {
    let slug: String = form
        .piece
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let back =
        crate::shared::Back::to(format!("/pieces/{slug}/buy"), "checkout").keeping(form.typed());
    crate::shared::conclude_step(
        async |request: super::OrderRequest| {
            request
                .desk()
                .checkout(
                    request.viewer.as_ref(),
                    &form,
                    &crate::accounts::client_address(),
                )
                .await
        },
        back,
    )
    .await
}

/// The choice between posting and collecting, as the studio offers them.
#[component]
fn DeliveryChoice(view: CheckoutView, chosen: String) -> impl IntoView {
    let price = view.price;
    let post = view.terms.delivery_fee.map(|fee| {
        let total = domain::shared::Money::from_minor(price.minor() + fee.minor(), price.currency())
            .unwrap_or(price);
        let checked = chosen != "collect";
        view! {
            <label class="checkbox" for="delivery-post">
                <input type="radio" id="delivery-post" name="delivery" value="post" checked=checked/>
                {format!("Delivery: {fee}, so {total} in all")}
            </label>
        }
    });
    let collect = view.terms.collection.clone().map(|place| {
        let checked = chosen == "collect" || view.terms.delivery_fee.is_none();
        view! {
            <label class="checkbox" for="delivery-collect">
                <input type="radio" id="delivery-collect" name="delivery" value="collect" checked=checked/>
                {format!("Collection, {price} in all: {place}")}
            </label>
        }
    });
    view! {
        <fieldset class="checkboxes">
            <legend>"Delivery or collection"</legend>
            {post}
            {collect}
        </fieldset>
    }
}

#[component]
fn CheckoutFormView(view: CheckoutView, feedback: Option<Feedback>) -> impl IntoView {
    let typed = |name: &str| crate::shared::typed(&feedback, name).unwrap_or_default();
    let country = Some(typed("country"))
        .filter(|country| !country.is_empty())
        .unwrap_or_else(|| "United Kingdom".into());
    let posts = view.terms.delivery_fee.is_some();
    let slug = view.piece_slug.clone();
    let guest = !view.signed_in;
    view! {
        <form method="post" action=Checkout::url() class="stacked-form">
            <input type="hidden" name="piece" value=slug/>
            {guest.then(|| view! {
                <fieldset class="stacked-form">
                    <legend>"About you"</legend>
                    <Input label="Your name".into() name="guest_name".into() value=typed("guest_name") maxlength=Some(MAX_ADDRESS_FIELD) required=true/>
                    <Input label="Email address".into() name="guest_email".into() value=typed("guest_email") kind="email"
                        hint=Some("We email you a link to confirm it: it opens your order from then on.") maxlength=Some(254) required=true/>
                </fieldset>
            })}
            <DeliveryChoice view=view.clone() chosen=typed("delivery")/>
            {posts.then(|| view! {
                <fieldset class="stacked-form">
                    <legend>"Where to send it"</legend>
                    <p class="field__hint">"Leave blank if you collect."</p>
                    <Input label="Name".into() name="name".into() value=typed("name") maxlength=Some(MAX_ADDRESS_FIELD)/>
                    <Input label="Address".into() name="line1".into() value=typed("line1") maxlength=Some(MAX_ADDRESS_FIELD)/>
                    <Input label="Address, second line".into() name="line2".into() value=typed("line2") maxlength=Some(MAX_ADDRESS_FIELD)/>
                    <Input label="Town or city".into() name="town".into() value=typed("town") maxlength=Some(MAX_ADDRESS_FIELD)/>
                    <Input label="Postcode".into() name="postcode".into() value=typed("postcode") maxlength=Some(16)/>
                    <Input label="Country".into() name="country".into() value=country maxlength=Some(MAX_ADDRESS_FIELD)/>
                </fieldset>
            })}
            <button class="button" type="submit">"Hold it for me and choose how to pay"</button>
        </form>
    }
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let checkout = load_from_address("slug", load_checkout);
    view! {
        <PrivateTitle title="Buy a piece"/>
        {when_loaded(checkout, Some("checkout"), |view, feedback| {
            let title = format!("Buy {}", view.piece_title);
            view! {
                <section class="form-page">
                    <p><a href=format!("/pieces/{}", view.piece_slug)>{format!("Back to {}", view.piece_title)}</a></p>
                    <h1>{title}</h1>
                    <FeedbackMessage feedback=feedback.clone()/>
                    <dl class="facts">
                        <dt>"Made by"</dt><dd>{view.maker_name.clone()}</dd>
                        <dt>"Price"</dt><dd>{view.price.to_string()}</dd>
                        {view.edition.clone().map(|edition| view! { <dt>"Edition"</dt><dd>{edition}</dd> })}
                    </dl>
                    <h2>"Returns"</h2>
                    <p class="order__terms">{view.terms.returns.clone()}</p>
                    <p>{format!(
                        "Sending this form holds the piece for you for {} minutes while you choose how to pay; nobody else can buy it meanwhile.",
                        super::HOLD_MINUTES
                    )}</p>
                    {(!view.signed_in).then(|| view! {
                        <p>
                            <a href="/sign-in">"Sign in"</a>
                            " to keep the order in your account, or buy as a guest below."
                        </p>
                    })}
                    <CheckoutFormView view=view.clone() feedback/>
                </section>
            }.into_any()
        }, error_page)}
    }
}

/// Where an order goes, in lines.
pub(super) fn delivery_lines(delivery: &Delivery, collection: Option<&str>) -> Vec<String> {
    match delivery {
        Delivery::Post(address) => address.lines(),
        Delivery::Collection => vec![format!(
            "Collection: {}",
            collection.unwrap_or("from the studio")
        )],
    }
}

/// `/orders/check-your-email`: after a guest's checkout.
#[component]
pub fn GuestCheckoutSentPage() -> impl IntoView {
    view! {
        <crate::layout::CheckYourEmail form="checkout"
            waiting="Open the link we sent to confirm your address and choose how to pay. Until then the piece is only held for you."/>
    }
}
