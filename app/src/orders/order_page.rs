//! `/orders/{id}`: one order, for its buyer and its maker — where it stands,
//! the sums, where it goes, how to pay, and the steps the viewer can take (each
//! a plain form posting the status the page showed).

use super::checkout_page::delivery_lines;
use super::{OrderActionForm, OrderView};
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{error_page, when_loaded};
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use crate::shared::{Feedback, FeedbackMessage};
use crate::studio::fields::Input;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[server(endpoint = "orders/order")]
pub async fn load_order(id: String, key: Option<String>) -> Result<OrderView, AppError> {
    let request = super::OrderRequest::from_context().await?;
    Ok(request
        .desk()
        .page(&id, request.viewer.as_ref(), key.as_deref())
        .await?)
}

/// The order's page a refused form goes back to, with a guest's key.
#[cfg(feature = "ssr")]
fn order_path(order: &str, key: &str) -> String {
    let digits: String = order.chars().filter(char::is_ascii_digit).collect();
    let key: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if key.is_empty() {
        format!("/orders/{digits}")
    } else {
        format!("/orders/{digits}?key={key}")
    }
}

#[server(endpoint = "orders/act")]
pub async fn act_on_order(#[server(flatten)] form: OrderActionForm) -> Result<(), AppError> {
    let back =
        crate::shared::Back::to(order_path(&form.order, &form.key), "order").keeping(form.typed());
    crate::shared::conclude_step(
        async |request: super::OrderRequest| {
            request.desk().act(request.viewer.as_ref(), &form).await
        },
        back,
    )
    .await
}

/// A guest, from their emailed link: their address is theirs.
#[server(endpoint = "orders/confirm-email")]
pub async fn confirm_order_email(order: String, key: String) -> Result<(), AppError> {
    let back = crate::shared::Back::to(order_path(&order, &key), "order");
    crate::shared::conclude_step(
        async |request: super::OrderRequest| request.desk().confirm_email(&order, &key).await,
        back,
    )
    .await
}

/// A form for one step: the order, the action and the status it was decided
/// on (and a guest's key).
#[component]
fn StepForm(
    id: i64,
    from: &'static str,
    action: &'static str,
    guest_key: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <form method="post" action=ActOnOrder::url() class="stacked-form order__step">
            <input type="hidden" name="order" value=id.to_string()/>
            <input type="hidden" name="action" value=action/>
            <input type="hidden" name="from" value=from/>
            {guest_key.map(|key| view! { <input type="hidden" name="key" value=key/> })}
            {children()}
        </form>
    }
}

#[component]
fn Steps(order: OrderView, feedback: Option<Feedback>) -> impl IntoView {
    let typed = |name: &str| crate::shared::typed(&feedback, name).unwrap_or_default();
    let (id, from) = (order.id, order.status.slug());
    let guest_key = order.key.clone();
    let total = order.total.to_string();
    let open = |action: &str| order.actions.iter().any(|open| open == action);
    let card = open("pay-by-card").then(|| format!(
        "Pay {total} by card, in the card processor's own form: Touchstone never sees your card's number."
    ));
    let pay = open("pay-by-transfer").then(|| format!(
        "Pay {total} by bank transfer to {}: you get their bank details and a reference, and they record the payment once it arrives.",
        order.maker_name
    ));
    let record = open("record-payment").then(|| format!("Record {total} received"));
    let ship = open("ship").then(|| (typed("carrier"), typed("tracking")));
    let refund = open("refund").then(|| {
        format!(
            "Send {total} back to the buyer first; this cancels the order and records the refund."
        )
    });
    view! {
        {card.map(|text| view! {
            <StepForm id from guest_key=guest_key.clone() action="pay-by-card">
                <p>{text}</p>
                <button class="button" type="submit">"Pay by card"</button>
            </StepForm>
        })}
        {pay.map(|text| view! {
            <StepForm id from guest_key=guest_key.clone() action="pay-by-transfer">
                <p>{text}</p>
                <button class="button" type="submit">"Pay by bank transfer"</button>
            </StepForm>
        })}
        {record.map(|label| view! {
            <StepForm id from guest_key=guest_key.clone() action="record-payment">
                <div class="field">
                    <label for="payment-method">"How it came"</label>
                    <select id="payment-method" name="method">
                        <option value="bank-transfer">"Bank transfer"</option>
                        <option value="cash">"Cash"</option>
                    </select>
                </div>
                <button class="button" type="submit">{label}</button>
            </StepForm>
        })}
        {ship.map(|(carrier, tracking)| view! {
            <StepForm id from guest_key=guest_key.clone() action="ship">
                <Input label="Carrier".into() name="carrier".into() value=carrier maxlength=Some(80) required=true
                    hint=Some("Royal Mail Special Delivery, DHL…")/>
                <Input label="Tracking number".into() name="tracking".into() value=tracking maxlength=Some(60)/>
                <button class="button" type="submit">"Mark as sent"</button>
            </StepForm>
        })}
        {open("collected").then(|| view! {
            <StepForm id from guest_key=guest_key.clone() action="collected">
                <button class="button" type="submit">"Mark as collected"</button>
            </StepForm>
        })}
        {open("received").then(|| view! {
            <StepForm id from guest_key=guest_key.clone() action="received">
                <button class="button" type="submit">"I have received it"</button>
            </StepForm>
        })}
        {refund.map(|text| view! {
            <StepForm id from guest_key=guest_key.clone() action="refund">
                <p>{text}</p>
                <button class="button button--quiet" type="submit">"Cancel and record the refund"</button>
            </StepForm>
        })}
        {open("cancel").then(|| view! {
            <StepForm id from guest_key=guest_key.clone() action="cancel">
                <button class="button button--quiet" type="submit">"Cancel the order"</button>
            </StepForm>
        })}
    }
}

#[component]
fn OrderDetails(order: OrderView, feedback: Option<Feedback>) -> impl IntoView {
    let awaiting_transfer = !order.as_maker && order.status == super::OrderStatus::AwaitingPayment;
    let collection = order.terms.collection.clone();
    view! {
        <section class="form-page order">
            {match (order.as_maker, order.key.is_some()) {
                (true, _) => Some(view! { <p><a href="/studio/orders">"Your studio's orders"</a></p> }.into_any()),
                (false, false) => Some(view! { <p><a href="/account/orders">"Your orders"</a></p> }.into_any()),
                // A guest has no list of orders: their emails hold the links.
                (false, true) => None,
            }}
            <h1>{format!("Order {}", order.reference)}</h1>
            <FeedbackMessage feedback=feedback.clone()/>
            {order.confirm_email.then(|| view! {
                <form method="post" action=ConfirmOrderEmail::url() class="stacked-form order__step">
                    <input type="hidden" name="order" value=order.id.to_string()/>
                    <input type="hidden" name="key" value=order.key.clone().unwrap_or_default()/>
                    <p>"Please confirm that this is your email address: then choose how to pay."</p>
                    <button class="button" type="submit">"Confirm my email address"</button>
                </form>
            })}
            <p class="order__status"><strong>{order.status.label()}</strong>": "{order.status_text.clone()}</p>
            <dl class="facts">
                <dt>"Piece"</dt>
                <dd><a href=format!("/pieces/{}", order.piece_slug)>{order.piece_title.clone()}</a></dd>
                <dt>"Made by"</dt>
                <dd><a href=format!("/makers/{}", order.maker_slug)>{order.maker_name.clone()}</a></dd>
                {order.edition.clone().map(|edition| view! { <dt>"Edition"</dt><dd>{edition}</dd> })}
                <dt>"Price"</dt><dd>{order.price.to_string()}</dd>
                <dt>"Delivery"</dt><dd>{order.delivery_fee.to_string()}</dd>
                <dt>"Total"</dt><dd><strong>{order.total.to_string()}</strong></dd>
                <dt>"Goes to"</dt>
                <dd>{delivery_lines(&order.delivery, collection.as_deref()).into_iter()
                    .map(|line| view! { <span class="order__line">{line}</span> }).collect_view()}</dd>
                {order.shipment.clone().map(|shipment| view! {
                    <dt>"Sent with"</dt>
                    <dd>{shipment.carrier}{(!shipment.tracking.is_empty()).then(|| format!(", tracking number {}", shipment.tracking))}</dd>
                })}
            </dl>
            {awaiting_transfer.then(|| view! {
                <h2>"How to pay"</h2>
                <p>{format!("Please pay {} by bank transfer with the reference {}:", order.total, order.reference)}</p>
                <p class="order__terms">{order.terms.payment_instructions.clone()}</p>
            })}
            {order.passport.clone().map(|id| view! {
                <p><a class="button" href=format!("/passport/{id}")>"The piece's provenance passport"</a></p>
            })}
            {order.card.clone().map(|card| view! { <super::card_island::CardSection card/> })}
            <Steps order=order.clone() feedback/>
            <h2>"Returns"</h2>
            <p class="order__terms">{order.terms.returns.clone()}</p>
            <h2>"What happened"</h2>
            <ol class="order__timeline">
                {order.timeline.iter().map(|(when, what)| view! {
                    <li><time>{when.clone()}</time>" — "{what.clone()}</li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let order = Resource::new(
        move || (id(), query.read().get("key")),
        |(id, key)| load_order(id, key),
    );
    view! {
        <PrivateTitle title="Your order"/>
        {when_loaded(order, Some("order"), |order, feedback| view! { <OrderDetails order feedback/> }, error_page)}
    }
}
