//! `/studio/selling`: the studio's terms of sale — what posting costs, where a
//! buyer may collect, the returns terms and how to pay by bank transfer. Until
//! they are written, pieces show their price but can't be bought.

use super::{MAX_PAYMENT_INSTRUCTIONS, MAX_RETURNS, SalesTermsForm};
use crate::error::AppError;
use crate::layout::{error_page, private_page};
use crate::shared::FeedbackMessage;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::studio::fields::{Choice, Input, TextArea, currencies};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "orders/terms")]
pub async fn load_sales_terms() -> Result<SalesTermsForm, AppError> {
    let request = super::OrderRequest::from_context().await?;
    Ok(request.desk().terms_form(request.viewer.as_ref()).await?)
}

#[server(endpoint = "orders/save-terms")]
pub async fn save_sales_terms(#[server(flatten)] form: SalesTermsForm) -> Result<(), AppError> {
    let back = crate::shared::Back::to("/studio/selling", "selling").keeping(vec![
        (
            "delivery_fee",
            crate::shared::first_chars(&form.delivery_fee, 20),
        ),
        ("currency", crate::shared::first_chars(&form.currency, 3)),
        (
            "collection",
            crate::shared::first_chars(&form.collection, 300),
        ),
        (
            "returns",
            crate::shared::first_chars(&form.returns, MAX_RETURNS),
        ),
        (
            "payment_instructions",
            crate::shared::first_chars(&form.payment_instructions, MAX_PAYMENT_INSTRUCTIONS),
        ),
    ]);
    crate::shared::conclude_step(
        async |request: super::OrderRequest| {
            request
                .desk()
                .save_terms(request.viewer.as_ref(), &form)
                .await
        },
        back,
    )
    .await
}

#[component]
pub fn SellingPage() -> impl IntoView {
    private_page(
        "Selling your pieces",
        load_sales_terms,
        Some("selling"),
        |saved, feedback| {
            let typed =
                |name: &str, saved: String| crate::shared::typed(&feedback, name).unwrap_or(saved);
            let currency = typed("currency", saved.currency.clone());
            let currency = if currency.is_empty() {
                "GBP".to_owned()
            } else {
                currency
            };
            view! {
                <section class="form-page">
                    <p><a href="/studio">"Your studio"</a>" · "<a href="/studio/orders">"Orders"</a></p>
                    <h1>"Selling your pieces"</h1>
                    <FeedbackMessage feedback=feedback.clone()/>
                    <p>"Buyers see these terms before they pay, and every order keeps the terms it was placed under. \
                        Your pieces with a price can be bought once they are saved."</p>
                    <form method="post" action=SaveSalesTerms::url() class="stacked-form">
                        <Input label="Delivery price".into() name="delivery_fee".into()
                            value=typed("delivery_fee", saved.delivery_fee.clone()) inputmode=Some("decimal")
                            hint=Some("Insured, tracked delivery within your country. 0 for free delivery; blank if you don't post pieces.")/>
                        <Choice label="Currency".into() name="currency".into() value=currency options=currencies()/>
                        <Input label="Collection".into() name="collection".into()
                            value=typed("collection", saved.collection.clone()) maxlength=Some(300)
                            hint=Some("Where and how a buyer can collect, such as \"From the studio in Hackney, by appointment\". Blank if you don't offer it.")/>
                        <TextArea label="Returns policy".into() name="returns".into()
                            value=typed("returns", saved.returns.clone()) maxlength=MAX_RETURNS rows=4 required=true
                            hint=Some("In your own words: how long a buyer has, in what condition, who pays the postage back.")/>
                        <TextArea label="How to pay you by bank transfer".into() name="payment_instructions".into()
                            value=typed("payment_instructions", saved.payment_instructions.clone())
                            maxlength=MAX_PAYMENT_INSTRUCTIONS rows=3 required=true
                            hint=Some("The account name, sort code and account number (or IBAN) a buyer pays into. Shown only to buyers with an order.")/>
                        <button class="button" type="submit">"Save the terms"</button>
                    </form>
                </section>
            }.into_any()
        },
        error_page,
    )
}
