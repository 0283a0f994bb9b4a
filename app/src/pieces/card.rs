use super::PieceCard;
use crate::shared::ResponsiveImage;
use leptos::prelude::*;

/// A piece in a listing: picture, title, maker, materials and price.
#[component]
pub fn PieceCardView(piece: PieceCard) -> impl IntoView {
    view! {
        <li class="piece-card">
            {piece.image.map(|image| view! {
                <ResponsiveImage
                    image
                    class="piece-card__image"
                    sizes="(min-width: 56rem) 18rem, (min-width: 32rem) 45vw, 92vw"
                />
            })}
            <h3 class="piece-card__title">
                <a href=format!("/pieces/{}", piece.slug)>{piece.title}</a>
            </h3>
            <p class="piece-card__maker">
                "by " <a href=format!("/makers/{}", piece.maker_slug)>{piece.maker_name}</a>
            </p>
            <p class="piece-card__materials">{piece.materials}</p>
            <p class="piece-card__price">{piece.price.to_string()}</p>
        </li>
    }
}
