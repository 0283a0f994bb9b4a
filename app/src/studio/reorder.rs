//! Reordering photos by dragging, once JavaScript runs.
//!
//! The photo form inside works without JavaScript, and its "Move earlier" and "Move
//! later" buttons are the keyboard's way. The island makes the rows draggable; a
//! drop moves the row, numbers the rows' fields in their new order and sends the
//! form with its save button: the server keeps the photos in the order the form
//! lists them.

use leptos::prelude::*;

#[island]
pub fn DragToReorder(children: Children) -> impl IntoView {
    // Plain DOM work rather than signals and effects: this island ships to every
    // maker's browser, and each reactive piece costs bytes of wasm.
    #[cfg(feature = "hydrate")]
    request_animation_frame(browser::enable);
    let on_dragstart = move |ev: leptos::ev::DragEvent| {
        #[cfg(feature = "hydrate")]
        browser::start(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        #[cfg(feature = "hydrate")]
        if browser::dragged(&ev).is_some() && browser::row_at(&ev).is_some() {
            ev.prevent_default();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        #[cfg(feature = "hydrate")]
        browser::drop(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_dragend = move |ev: leptos::ev::DragEvent| {
        #[cfg(feature = "hydrate")]
        browser::end(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="reorder" on:dragstart=on_dragstart on:dragover=on_dragover on:drop=on_drop
            on:dragend=on_dragend>
            <p class="reorder__hint" hidden=true>
                "Drag a photo onto another's place to move it there."
            </p>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{DragEvent, Element, HtmlElement, HtmlFormElement};

    const ROW: &str = "li.photo-row";

    fn rows(container: &Element) -> Vec<Element> {
        let Ok(found) = container.query_selector_all(ROW) else {
            return Vec::new();
        };
        (0..found.length())
            .filter_map(|i| found.item(i)?.dyn_into().ok())
            .collect()
    }

    fn container_of(ev: &DragEvent) -> Option<Element> {
        ev.current_target()?.dyn_into().ok()
    }

    /// Offers dragging once it works: rows become draggable, the hint shows.
    pub fn enable() {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(found) = document.query_selector_all(".reorder") else {
            return;
        };
        for container in
            (0..found.length()).filter_map(|i| found.item(i)?.dyn_into::<Element>().ok())
        {
            for row in rows(&container) {
                let _ = row.set_attribute("draggable", "true");
            }
            if let Ok(Some(hint)) = container.query_selector(".reorder__hint") {
                let _ = hint.remove_attribute("hidden");
            }
        }
    }

    /// The position of the row under the pointer.
    pub fn row_at(ev: &DragEvent) -> Option<usize> {
        let target: Element = ev.target()?.dyn_into().ok()?;
        let row = target.closest(ROW).ok()??;
        rows(&container_of(ev)?).iter().position(|r| *r == row)
    }

    /// The position of the row being dragged, kept on the container.
    pub fn dragged(ev: &DragEvent) -> Option<usize> {
        container_of(ev)?
            .get_attribute("data-dragged")?
            .parse()
            .ok()
    }

    pub fn start(ev: &DragEvent) {
        let (Some(container), Some(position)) = (container_of(ev), row_at(ev)) else {
            return;
        };
        let _ = container.set_attribute("data-dragged", &position.to_string());
        if let Some(transfer) = ev.data_transfer() {
            transfer.set_effect_allowed("move");
            // Some browsers only start a drag that carries data.
            let _ = transfer.set_data("text/plain", "");
        }
    }

    /// A drag that ends anywhere forgets its row: a later drop (a file from the
    /// desktop, say) moves nothing.
    pub fn end(ev: &DragEvent) {
        if let Some(container) = container_of(ev) {
            let _ = container.remove_attribute("data-dragged");
        }
    }

    pub fn drop(ev: &DragEvent) {
        let (Some(from), Some(to)) = (dragged(ev), row_at(ev)) else {
            return;
        };
        ev.prevent_default();
        end(ev);
        move_and_save(ev, from, to);
    }

    /// Moves row `from` to where row `to` is, renumbers every row's fields in the
    /// new order, and saves.
    fn move_and_save(ev: &DragEvent, from: usize, to: usize) {
        let Some(container) = container_of(ev) else {
            return;
        };
        let rows = rows(&container);
        let (Some(moved), Some(target)) = (rows.get(from), rows.get(to)) else {
            return;
        };
        if from == to {
            return;
        }
        let Some(list) = target.parent_node() else {
            return;
        };
        let before = if from < to {
            target.next_sibling()
        } else {
            Some(target.clone().into())
        };
        if list.insert_before(moved, before.as_ref()).is_err() {
            return;
        }
        for (position, row) in self::rows(&container).iter().enumerate() {
            let Ok(fields) = row.query_selector_all("[name^='photos[']") else {
                continue;
            };
            for field in (0..fields.length()).filter_map(|i| fields.item(i)) {
                let Ok(field) = field.dyn_into::<Element>() else {
                    continue;
                };
                let name = field.get_attribute("name").unwrap_or_default();
                if let Some((_, rest)) = name.split_once(']') {
                    let _ = field.set_attribute("name", &format!("photos[{position}]{rest}"));
                }
            }
        }
        let form = container
            .query_selector("form")
            .ok()
            .flatten()
            .and_then(|form| form.dyn_into::<HtmlFormElement>().ok());
        let save = container
            .query_selector("button[value=save]")
            .ok()
            .flatten()
            .and_then(|button| button.dyn_into::<HtmlElement>().ok());
        if let (Some(form), Some(save)) = (form, save) {
            let _ = form.request_submit_with_submitter(Some(&save));
        }
    }
}
