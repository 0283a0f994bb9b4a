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

/// Without props on purpose (see `DetectZone`): what it needs is on the page.
#[island]
pub fn CardForm() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    request_animation_frame(browser::load);
    let pay = move |_| {
        #[cfg(feature = "hydrate")]
        browser::pay();
    };
    view! {
        <div id="card-element" class="card-payment__field"></div>
        <button id="card-pay" class="button" type="button" disabled=true on:click=pay>
            "Pay by card"
        </button>
        <p id="card-message" class="card-payment__message" aria-live="polite"></p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{HOLDER_ID, NEEDS_SCRIPT_ID};
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
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

    struct Mounted {
        stripe: Stripe,
        card: Card,
        secret: String,
    }

    thread_local! {
        static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
    }

    fn document() -> Option<web_sys::Document> {
        web_sys::window()?.document()
    }

    fn holder_data(name: &str) -> Option<String> {
        document()?
            .get_element_by_id(HOLDER_ID)?
            .dyn_into::<web_sys::HtmlElement>()
            .ok()?
            .dataset()
            .get(name)
    }

    fn say(text: &str) {
        if let Some(message) = document().and_then(|d| d.get_element_by_id("card-message")) {
            message.set_text_content(Some(text));
        }
    }

    fn button_enabled(enabled: bool) {
        if let Some(button) = document()
            .and_then(|d| d.get_element_by_id("card-pay"))
            .and_then(|button| button.dyn_into::<web_sys::HtmlButtonElement>().ok())
        {
            button.set_disabled(!enabled);
        }
    }

    /// Loads Stripe.js (a script the page's own script adds, which the content
    /// security policy allows), then mounts the card field.
    pub fn load() {
        let (Some(document), Some(script_url)) = (document(), holder_data("script")) else {
            return;
        };
        let Ok(script) = document.create_element("script") else {
            return;
        };
        let _ = script.set_attribute("src", &script_url);
        let on_load = Closure::once_into_js(mount);
        if let Ok(script) = script.dyn_into::<web_sys::HtmlScriptElement>() {
            script.set_onload(Some(on_load.unchecked_ref()));
            let on_error = Closure::once_into_js(|| {
                say("The card form couldn't be loaded. Please try again, or pay by bank transfer.")
            });
            script.set_onerror(Some(on_error.unchecked_ref()));
            if let Some(head) = document.head() {
                let _ = head.append_child(&script);
            }
        }
    }

    fn mount() {
        let (Some(key), Some(secret)) = (holder_data("key"), holder_data("secret")) else {
            return;
        };
        let stripe = stripe(&key);
        let card = stripe.elements().create("card");
        card.mount("#card-element");
        if let Some(note) = document().and_then(|d| d.get_element_by_id(NEEDS_SCRIPT_ID)) {
            let _ = note.set_attribute("hidden", "");
        }
        MOUNTED.with(|mounted| {
            *mounted.borrow_mut() = Some(Mounted {
                stripe,
                card,
                secret,
            })
        });
        button_enabled(true);
    }

    /// Asks Stripe to take the payment with the card in its field.
    pub fn pay() {
        let confirmation = MOUNTED.with(|mounted| {
            let mounted = mounted.borrow();
            let mounted = mounted.as_ref()?;
            let method = js_sys::Object::new();
            js_sys::Reflect::set(&method, &"card".into(), &mounted.card).ok()?;
            let data = js_sys::Object::new();
            js_sys::Reflect::set(&data, &"payment_method".into(), &method).ok()?;
            Some(mounted.stripe.confirm_card_payment(&mounted.secret, &data))
        });
        let Some(confirmation) = confirmation else {
            return;
        };
        button_enabled(false);
        say("Paying…");
        wasm_bindgen_futures::spawn_local(async move {
            let result = wasm_bindgen_futures::JsFuture::from(confirmation).await;
            let refusal = match &result {
                Ok(answer) => js_sys::Reflect::get(answer, &"error".into())
                    .ok()
                    .filter(|error| !error.is_undefined() && !error.is_null())
                    .map(|error| {
                        js_sys::Reflect::get(&error, &"message".into())
                            .ok()
                            .and_then(|message| message.as_string())
                            .unwrap_or_else(|| "The card was refused.".into())
                    }),
                Err(_) => Some("The card processor couldn't be reached.".into()),
            };
            match refusal {
                Some(reason) => {
                    say(&format!("{reason} Please check the card, or try another."));
                    button_enabled(true);
                }
                None => {
                    say("Paid: the order page will show it in a moment.");
                    // The webhook moves the order; the page, loaded again, shows it.
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
            }
        });
    }
}
