//! The browser entry point: wakes up the interactive islands of a server-rendered page.
#![cfg(target_arch = "wasm32")]

// The island components live in `app`; naming the crate links their exports into the wasm.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
