//! The card form: Stripe's own (Stripe.js), so the card's number goes from the
//! buyer's browser to Stripe and never through Touchstone. The order page puts
//! the processor's key, script and the payment's client secret on the element
//! around this island; the island loads the script, mounts the card field and,
//! on "Pay by card", asks Stripe to confirm the payment (3-D Secure included).
//! The order moves on when Stripe tells the server (its webhook), so the page
//! is loaded again to show it. Without JavaScript there is no card form: the
//! page says so, and the bank transfer stays open.

use leptos::prelude::*;

/// The element around the island, carrying `data-key`, `data-script` and
/// `data-secret`.
pub const HOLDER_ID: &str = "card-payment";

/// The page's word that the card form needs JavaScript: hidden once it runs.
pub const NEEDS_SCRIPT_ID: &str = "card-needs-script";

/// Without props or markup of its own on purpose (see `DetectZone`): what it
/// needs is on the page, and the field, the button and the message are the
/// page's (`CardFields`), so the wasm carries no view to hydrate.
#[island]
pub fn CardForm() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    request_animation_frame(browser::load);
}

/// The card field's place, the button (disabled until the form is up) and the
/// message the island writes to.
#[component]
pub fn CardFields() -> impl IntoView {
    view! {
        <div id="card-element" class="card-payment__field"></div>
        <button id="card-pay" class="button" type="button" disabled=true>"Pay by card"</button>
        <p id="card-message" class="card-payment__message" aria-live="polite"></p>
    }
}

/// The card processor's form, once the buyer chose to pay by card (an order,
/// or a commission's deposit or balance).
#[component]
pub fn CardSection(card: domain::payments::CardCheckout) -> impl IntoView {
    view! {
        <section class="card-payment" aria-labelledby="card-heading">
            <h2 id="card-heading">"Pay by card"</h2>
            {card.refused.map(|reason| view! {
                <p class="form-error">{format!("The last card was refused: {reason} Please try another.")}</p>
            })}
            <div id=HOLDER_ID data-key=card.form.publishable_key
                data-script=card.form.script data-secret=card.client_secret>
                <CardFields/>
                <CardForm/>
            </div>
            <p id=NEEDS_SCRIPT_ID>
                "The card form needs JavaScript: it is the card processor's own, running in your browser. You can pay by bank transfer instead."
            </p>
        </section>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    //! Plain DOM work through the fewest bindings (see `DragToReorder`): every
    //! binding costs bytes of wasm in every buyer's browser.
    use super::{HOLDER_ID, NEEDS_SCRIPT_ID};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        type Stripe;
        #[wasm_bindgen(js_name = Stripe)]
        fn stripe(key: &str) -> Stripe;
        #[wasm_bindgen(method)]
        fn elements(this: &Stripe) -> Elements;
        #[wasm_bindgen(method, js_name = confirmCardPayment)]
        fn confirm_card_payment(this: &Stripe, secret: &str, data: &JsValue) -> js_sys::Promise;

        type Elements;
        #[wasm_bindgen(method)]
        fn create(this: &Elements, kind: &str) -> Card;

        type Card;
        #[wasm_bindgen(method)]
        fn mount(this: &Card, selector: &str);
    }

    thread_local! {
        /// Stripe, the mounted card field and the payment's client secret.
        static MOUNTED: RefCell<Option<(Stripe, Card, String)>> = const { RefCell::new(None) };
    }

    fn element(id: &str) -> Option<web_sys::Element> {
        web_sys::window()?.document()?.get_element_by_id(id)
    }

    fn holder_data(name: &str) -> Option<String> {
        element(HOLDER_ID)?.get_attribute(name)
    }

    fn say(text: &str) {
        if let Some(message) = element("card-message") {
            message.set_text_content(Some(text));
        }
    }

    fn button_enabled(enabled: bool) {
        if let Some(button) = element("card-pay") {
            let _ = if enabled {
                button.remove_attribute("disabled")
            } else {
                button.set_attribute("disabled", "")
            };
        }
    }

    /// Loads Stripe.js (a script the page's own script adds, which the content
    /// security policy allows), then mounts the card field.
    pub fn load() {
        let (Some(document), Some(url)) = (
            web_sys::window().and_then(|window| window.document()),
            holder_data("data-script"),
        ) else {
            return;
        };
        let (Some(body), Ok(script)) = (document.body(), document.create_element("script")) else {
            return;
        };
        let _ = script.set_attribute("src", &url);
        let on_load = Closure::<dyn FnMut()>::new(mount).into_js_value();
        let _ = js_sys::Reflect::set(&script, &"onload".into(), &on_load);
        let _ = body.append_child(&script);
    }

    fn mount() {
        let (Some(key), Some(secret)) = (holder_data("data-key"), holder_data("data-secret"))
        else {
            return;
        };
        let stripe = stripe(&key);
        let card = stripe.elements().create("card");
        card.mount("#card-element");
        if let Some(note) = element(NEEDS_SCRIPT_ID) {
            let _ = note.set_attribute("hidden", "");
        }
        MOUNTED.with(|mounted| *mounted.borrow_mut() = Some((stripe, card, secret)));
        if let Some(button) = element("card-pay") {
            let on_click = Closure::<dyn FnMut()>::new(pay).into_js_value();
            let _ = js_sys::Reflect::set(&button, &"onclick".into(), &on_click);
        }
        button_enabled(true);
    }

    /// Asks Stripe to take the payment with the card in its field.
    fn pay() {
        let confirmation = MOUNTED.with(|mounted| {
            let mounted = mounted.borrow();
            let (stripe, card, secret) = mounted.as_ref()?;
            let method = js_sys::Object::new();
            js_sys::Reflect::set(&method, &"card".into(), card).ok()?;
            let data = js_sys::Object::new();
            js_sys::Reflect::set(&data, &"payment_method".into(), &method).ok()?;
            Some(stripe.confirm_card_payment(secret, &data))
        });
        let Some(confirmation) = confirmation else {
            return;
        };
        button_enabled(false);
        say("Paying…");
        leptos::task::spawn_local(async move {
            let answer = wasm_bindgen_futures::JsFuture::from(confirmation).await;
            let error = answer
                .ok()
                .and_then(|answer| js_sys::Reflect::get(&answer, &"error".into()).ok());
            match error {
                Some(error) if error.is_undefined() || error.is_null() => {
                    say("Paid: the order page will show it in a moment.");
                    // Stripe tells the server; the page, loaded again, shows it.
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
                refused => {
                    let mut text = refused
                        .and_then(|error| js_sys::Reflect::get(&error, &"message".into()).ok())
                        .and_then(|message| message.as_string())
                        .unwrap_or_else(|| "The card was refused.".into());
                    text.push_str(" Please check the card, or try another.");
                    say(&text);
                    button_enabled(true);
                }
            }
        });
    }
}
