//! Filtering in place once JavaScript runs.
//!
//! The listing (form, count, results, page links) is server-rendered HTML inside
//! this island. When a filter changes, the island asks the server for the page at
//! the new URL, swaps in its `#listing` region and keeps the address bar in sync.
//! The browser never renders cards itself, so the island adds a few kilobytes of
//! wasm rather than the whole card and money formatting code.

use leptos::prelude::*;

#[island]
pub fn LiveListing(children: Children) -> impl IntoView {
    let (announcement, set_announcement) = signal(String::new());
    // Effects run only in the browser: the attribute tells tests (and styles) that
    // filtering in place is on.
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));

    #[cfg(feature = "hydrate")]
    let (on_change, on_submit) = {
        browser::listen_for_history(set_announcement);
        let on_change = move |ev: leptos::ev::Event| {
            if let Some(form) = browser::form_of(&ev) {
                browser::refresh_from_form(&form, set_announcement);
            }
        };
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            if let Some(form) = browser::form_of(&ev) {
                ev.prevent_default();
                browser::refresh_from_form(&form, set_announcement);
            }
        };
        (on_change, on_submit)
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = set_announcement;
    #[cfg(not(feature = "hydrate"))]
    let (on_change, on_submit) = (|_: leptos::ev::Event| {}, |_: leptos::ev::SubmitEvent| {});

    view! {
        <div
            class="live-listing"
            data-live=move || if live.get() { "on" } else { "off" }
            on:change=on_change
            on:submit=on_submit
        >
            {children()}
            <p class="visually-hidden" role="status" aria-live="polite">{announcement}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use std::cell::Cell;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        DomParser, FormData, HtmlDetailsElement, HtmlElement, HtmlFormElement, HtmlInputElement,
        SupportedType, UrlSearchParams,
    };

    thread_local! {
        /// Only the newest request may update the page: answers can arrive out of order.
        static LATEST: Cell<u32> = const { Cell::new(0) };
    }

    pub fn form_of(ev: &web_sys::Event) -> Option<HtmlFormElement> {
        let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let form = target.closest("form.filters").ok()??;
        form.dyn_into().ok()
    }

    /// The URL the form would submit to, without empty fields.
    fn url_of(form: &HtmlFormElement) -> Option<String> {
        let data = FormData::new_with_form(form).ok()?;
        let params = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        for field in ["q", "sort"] {
            if params.get(field).is_some_and(|v| v.trim().is_empty()) {
                params.delete(field);
            }
        }
        let query = String::from(params.to_string());
        let action = form.get_attribute("action").unwrap_or_default();
        Some(if query.is_empty() {
            action
        } else {
            format!("{action}?{query}")
        })
    }

    pub fn refresh_from_form(form: &HtmlFormElement, announce: WriteSignal<String>) {
        if let Some(url) = url_of(form) {
            refresh(url, true, announce);
        }
    }

    /// Back and forward restore the listing of the address they land on.
    pub fn listen_for_history(announce: WriteSignal<String>) {
        let on_pop = Closure::<dyn Fn()>::new(move || {
            let href = window().location().href().unwrap_or_default();
            refresh(href, false, announce);
        });
        window().set_onpopstate(Some(on_pop.as_ref().unchecked_ref()));
        // The listener lives as long as the page.
        on_pop.forget();
    }

    fn refresh(url: String, push: bool, announce: WriteSignal<String>) {
        let ticket = LATEST.with(|latest| {
            latest.set(latest.get().wrapping_add(1));
            latest.get()
        });
        leptos::task::spawn_local(async move {
            match fetch_listing(&url).await {
                Ok(Some(html)) if LATEST.with(Cell::get) == ticket => {
                    let canonical = swap_listing(&html, announce);
                    if push && let Ok(history) = window().history() {
                        // The server's canonical form of the URL: one address per listing.
                        let address = canonical.unwrap_or(url);
                        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&address));
                    }
                }
                Ok(_) => {}
                // Whatever went wrong, the plain link still works.
                Err(_) if LATEST.with(Cell::get) == ticket => {
                    let _ = window().location().set_href(&url);
                }
                Err(_) => {}
            }
        });
    }

    async fn fetch_listing(url: &str) -> Result<Option<String>, JsValue> {
        let response: web_sys::Response = JsFuture::from(window().fetch_with_str(url))
            .await?
            .dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str("listing request failed"));
        }
        let text = JsFuture::from(response.text()?).await?;
        Ok(text.as_string())
    }

    fn facet_states(listing: &web_sys::Element) -> Vec<(String, bool)> {
        let Ok(facets) = listing.query_selector_all("details[id]") else {
            return Vec::new();
        };
        (0..facets.length())
            .filter_map(|i| facets.item(i)?.dyn_into::<HtmlDetailsElement>().ok())
            .map(|details| (details.id(), details.open()))
            .collect()
    }

    /// Swaps in the fresh listing; returns the page's canonical path and query.
    fn swap_listing(html: &str, announce: WriteSignal<String>) -> Option<String> {
        let document = document();
        let parser = DomParser::new().ok()?;
        let fresh = parser
            .parse_from_string(html, SupportedType::TextHtml)
            .ok()?;
        let old = document.get_element_by_id("listing")?;
        let new = fresh.get_element_by_id("listing")?;
        let focused = document.active_element();
        let focused_id = focused.as_ref().map(|e| e.id()).filter(|id| !id.is_empty());
        // What the buyer is typing (perhaps since the request left) stays as it is.
        let typing = focused
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .filter(|input| input.type_() == "search")
            .map(|input| (input.value(), input.selection_start().ok().flatten()));
        // Facets the buyer opened or closed stay that way.
        let open_facets = facet_states(&old);
        // Markup from this server's own page for the new filters, parsed by the
        // browser and serialised again: every text in it was escaped when the
        // server rendered it (the planted-markup browser test crawls these pages
        // with JavaScript on).
        old.set_inner_html(&new.inner_html());
        document.set_title(&fresh.title());
        for (id, open) in open_facets {
            if let Some(details) = document
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<HtmlDetailsElement>().ok())
            {
                details.set_open(open || details.open());
            }
        }
        let target = focused_id
            .and_then(|id| document.get_element_by_id(&id))
            .or_else(|| document.get_element_by_id("listing-count"));
        if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            if let (Some((value, caret)), Ok(input)) =
                (typing, element.clone().dyn_into::<HtmlInputElement>())
            {
                input.set_value(&value);
                if let Some(caret) = caret {
                    let _ = input.set_selection_range(caret, caret);
                }
            }
            let _ = element.focus();
        }
        if let Some(count) = document.get_element_by_id("listing-count") {
            announce.set(count.text_content().unwrap_or_default());
        }
        let canonical = fresh
            .query_selector("link[rel=canonical]")
            .ok()??
            .get_attribute("href")?;
        let canonical = web_sys::Url::new(&canonical).ok()?;
        Some(format!("{}{}", canonical.pathname(), canonical.search()))
    }
}
