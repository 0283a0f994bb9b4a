use crate::shared::ImageRef;
use leptos::prelude::*;

/// A picture at the size the layout needs: WebP with a JPEG fallback, several
/// widths, its size set (no layout shift) and lazy unless it is above the fold.
#[component]
pub fn ResponsiveImage(
    image: ImageRef,
    /// The `sizes` attribute: how wide the layout shows the picture.
    sizes: &'static str,
    #[prop(default = "")] class: &'static str,
    /// The main picture of the page: loaded at once, first.
    #[prop(default = false)]
    eager: bool,
    /// Decorative copies (thumbnails next to the same picture) have empty alt text.
    #[prop(default = false)]
    decorative: bool,
) -> impl IntoView {
    let loading = if eager { "eager" } else { "lazy" };
    let priority = if eager { "high" } else { "auto" };
    let alt = if decorative {
        String::new()
    } else {
        image.alt.clone()
    };
    if image.is_vector() {
        return view! {
            <img class=class src=image.url() width=image.width height=image.height alt=alt
                loading=loading fetchpriority=priority decoding="async"/>
        }
        .into_any();
    }
    view! {
        <picture>
            <source type="image/webp" srcset=image.srcset("webp") sizes=sizes/>
            <img
                class=class
                src=image.url()
                srcset=image.srcset("jpg")
                sizes=sizes
                width=image.width
                height=image.height
                alt=alt
                loading=loading
                fetchpriority=priority
                decoding="async"
            />
        </picture>
    }
    .into_any()
}
