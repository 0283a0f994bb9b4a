//! Uploading photos with a progress bar once JavaScript runs.
//!
//! The form inside is a plain multipart post that works without JavaScript. The
//! island sends the same form with `XMLHttpRequest`, whose upload events drive the
//! progress bar, and asks for the next address as text (`Accept: text/plain`, without
//! a fragment, so going there loads it) so the editor page, with its one-time
//! confirmation, is loaded only once, by the browser.
//! Files over the limit are named before anything is sent.

use leptos::prelude::*;

#[island]
pub fn UploadWithProgress(children: Children) -> impl IntoView {
    let (progress, set_progress) = signal(None::<u32>);
    let (message, set_message) = signal(String::new());
    #[cfg(feature = "hydrate")]
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(form) = browser::form_of(&ev) {
            ev.prevent_default();
            browser::send(&form, set_progress, set_message);
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = {
        let _ = (set_progress, set_message);
        |_: leptos::ev::SubmitEvent| {}
    };
    view! {
        <div class="upload" on:submit=on_submit>
            {children()}
            <progress class="upload__progress" max="100" aria-label="Upload progress"
                value=move || progress.get().unwrap_or(0)
                hidden=move || progress.get().is_none()></progress>
            <p class="upload__message" aria-live="polite">{message}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{FormData, HtmlFormElement, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    /// Photos larger than this are refused by the server; the island says so at once.
    const MAX_PHOTO_MEGABYTES: f64 = 20.0;

    pub fn form_of(ev: &web_sys::Event) -> Option<HtmlFormElement> {
        ev.target()?.dyn_into().ok()
    }

    /// The first chosen file over the limit, by name.
    fn oversized(form: &HtmlFormElement) -> Option<String> {
        let input: HtmlInputElement = form
            .query_selector("input[type=file]")
            .ok()??
            .dyn_into()
            .ok()?;
        let files = input.files()?;
        (0..files.length())
            .filter_map(|i| files.get(i))
            .find(|file| file.size() > MAX_PHOTO_MEGABYTES * 1024.0 * 1024.0)
            .map(|file| file.name())
    }

    pub fn send(
        form: &HtmlFormElement,
        set_progress: WriteSignal<Option<u32>>,
        set_message: WriteSignal<String>,
    ) {
        if let Some(name) = oversized(form) {
            set_message.set(format!(
                "“{name}” is larger than 20 MB. Please choose a smaller file."
            ));
            return;
        }
        let (Ok(data), Ok(request)) = (FormData::new_with_form(form), XmlHttpRequest::new()) else {
            let _ = form.submit();
            return;
        };
        if request.open("POST", &form.action()).is_err()
            || request.set_request_header("accept", "text/plain").is_err()
        {
            let _ = form.submit();
            return;
        }
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                let percent = (event.loaded() / event.total() * 100.0).round() as u32;
                set_progress.set(Some(percent.min(100)));
                set_message.set(format!("Uploading… {percent}%"));
            }
        });
        if let Ok(upload) = request.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let answered = request.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let next = answered
                .response_text()
                .ok()
                .flatten()
                .filter(|path| path.starts_with('/'));
            match next {
                Some(path) => {
                    set_message.set("Uploaded. Loading the photos…".into());
                    let _ = window().location().assign(&path);
                }
                None => {
                    set_progress.set(None);
                    set_message.set("The upload didn't go through. Please try again.".into());
                }
            }
        });
        let on_error = Closure::<dyn FnMut()>::new(move || {
            set_progress.set(None);
            set_message.set(
                "The upload was interrupted. Please check the connection and try again.".into(),
            );
        });
        request.set_onload(Some(on_load.as_ref().unchecked_ref()));
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The page is left when the upload ends, so the handlers live as long as it.
        on_progress.forget();
        on_load.forget();
        on_error.forget();
        set_progress.set(Some(0));
        set_message.set("Uploading…".into());
        if request.send_with_opt_form_data(Some(&data)).is_err() {
            set_progress.set(None);
            set_message.set("The upload couldn't start. Please try again.".into());
        }
    }
}
