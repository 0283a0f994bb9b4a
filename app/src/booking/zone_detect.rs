//! Times in the buyer's own zone without asking them: the browser knows it. The
//! first visit without a chosen zone reloads the page with the browser's zone in
//! the address; the server renders every time in it. Without JavaScript the
//! zone select beside it is the way.

use leptos::prelude::*;

/// Without props on purpose: an island's props are deserialized in the browser,
/// which brings a JSON parser into the wasm.
#[island]
pub fn DetectZone() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    show_in_browser_zone();
}

/// Only the one call needed: js-sys's typed `Intl` brings every option's type
/// into the wasm, about 20 KB.
#[cfg(feature = "hydrate")]
mod intl {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Intl)]
        pub type DateTimeFormat;

        #[wasm_bindgen(constructor, js_namespace = Intl)]
        pub fn new() -> DateTimeFormat;

        #[wasm_bindgen(method, js_name = resolvedOptions)]
        pub fn resolved_options(this: &DateTimeFormat) -> JsValue;
    }
}

#[cfg(feature = "hydrate")]
fn show_in_browser_zone() {
    let options = intl::DateTimeFormat::new().resolved_options();
    let Some(zone) = js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|zone| zone.as_string())
    else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let Some(url) = location
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
    else {
        return;
    };
    let params = url.search_params();
    if params.has("zone") {
        return;
    }
    params.set("zone", &zone);
    let _ = location.replace(&url.href());
}
