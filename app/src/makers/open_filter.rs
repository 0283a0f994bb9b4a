use super::{MakerCard, MakerCardView};
use leptos::prelude::*;

/// The makers list with an "only open for commissions" switch.
///
/// Without JavaScript it is a GET form (`?open=1`) the server answers; once the
/// island wakes, ticking the box filters in place and keeps the URL shareable.
#[island]
pub fn OpenForCommissionsFilter(makers: Vec<MakerCard>, only_open: bool) -> impl IntoView {
    let (only_open, set_only_open) = signal(only_open);
    let (enhanced, set_enhanced) = signal(false);
    // Effects run only in the browser: from here on the box filters by itself.
    Effect::new(move |_| set_enhanced.set(true));

    let total = makers.len();
    let makers = StoredValue::new(makers);
    let visible = move || {
        makers.with_value(|all| {
            all.iter()
                .filter(|m| !only_open.get() || m.commissions.open)
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    let on_change = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        set_only_open.set(checked);
        #[cfg(feature = "hydrate")]
        keep_url_in_sync(checked);
    };

    view! {
        <form class="filter" method="get" action="/">
            <label class="filter__option">
                <input type="checkbox" name="open" value="1" prop:checked=only_open on:change=on_change/>
                "Only makers open for commissions"
            </label>
            <button type="submit" class="button button--quiet" hidden=enhanced>
                "Apply filter"
            </button>
            <p class="filter__count" role="status" aria-live="polite">
                {move || {
                    let shown = visible().len();
                    format!("Showing {shown} of {total} makers")
                }}
            </p>
        </form>
        <ul class="maker-grid">
            <For each=visible key=|maker| maker.slug.clone() let:maker>
                <MakerCardView maker/>
            </For>
        </ul>
    }
}

#[cfg(feature = "hydrate")]
fn keep_url_in_sync(only_open: bool) {
    let window = window();
    let Ok(url) = web_sys::Url::new(&window.location().href().unwrap_or_default()) else {
        return;
    };
    if only_open {
        url.search_params().set("open", "1");
    } else {
        url.search_params().delete("open");
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}
