//! How a booking's pictures are shown.

/// A brief's reference pictures, as thumbnails that open the full picture.
#[leptos::component]
pub fn ReferencePictures(pictures: Vec<crate::shared::ImageRef>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <ul class="reference-pictures">
            {pictures.into_iter().map(|picture| {
                let full = picture.url();
                view! {
                <li>
                    <a href=full>
                        <crate::shared::ResponsiveImage image=picture sizes="160px"/>
                    </a>
                </li>
            }}).collect_view()}
        </ul>
    }
}
