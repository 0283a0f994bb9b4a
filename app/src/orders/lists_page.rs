//! `/account/orders` (the buyer's), `/studio/orders` (the studio's) and
//! `/account/pieces` (what the buyer owns, with each piece's passport).

use super::{OrderSummary, OwnedPiece};
use crate::accounts::FormPage;
use crate::error::AppError;
use crate::layout::card_list;
#[cfg(feature = "ssr")]
use crate::shared::FromRequest;
use leptos::prelude::*;

#[server(endpoint = "orders/list")]
pub async fn list_orders(as_maker: bool) -> Result<Vec<OrderSummary>, AppError> {
    let request = super::OrderRequest::from_context().await?;
    Ok(request
        .desk()
        .list(request.viewer.as_ref(), as_maker)
        .await?)
}

#[server(endpoint = "orders/owned")]
pub async fn owned_pieces() -> Result<Vec<OwnedPiece>, AppError> {
    let request = super::OrderRequest::from_context().await?;
    Ok(request.desk().owned(request.viewer.as_ref()).await?)
}

#[component]
fn OrderList(as_maker: bool) -> impl IntoView {
    let list = Resource::new(move || as_maker, list_orders);
    let empty = if as_maker {
        "No orders yet. Pieces with a price can be bought once your terms of sale are written."
    } else {
        "No orders yet."
    };
    view! {
        {card_list(list, empty, |order| view! {
            <a href=format!("/orders/{}", order.id)>
                {format!("{} — {}, {}", order.reference, order.piece_title, order.other_side)}
            </a>
            <p>
                {order.waiting_for_you.then(|| view! { <strong>"Your step: "</strong> })}
                {format!("{} · {} · placed {}", order.status, order.total, order.placed_on)}
            </p>
        })}
    }
}

#[component]
pub fn BuyerOrdersPage() -> impl IntoView {
    view! {
        <FormPage title="Your orders" neighbours=&[("/account", "Your account"), ("/account/pieces", "Your pieces")]>
            <OrderList as_maker=false/>
        </FormPage>
    }
}

#[component]
pub fn StudioOrdersPage() -> impl IntoView {
    view! {
        <FormPage title="Orders" neighbours=&[("/studio", "Your studio"), ("/studio/selling", "Your terms of sale")]>
            <OrderList as_maker=true/>
        </FormPage>
    }
}

#[component]
pub fn OwnedPiecesPage() -> impl IntoView {
    let owned = Resource::new(|| (), |_| owned_pieces());
    view! {
        <FormPage title="Your pieces" neighbours=&[("/account", "Your account"), ("/account/orders", "Your orders")]>
            {card_list(owned, "Pieces you buy are listed here, each with its provenance passport.", |piece| view! {
                <a href=format!("/pieces/{}", piece.piece_slug)>{piece.piece_title.clone()}</a>
                <p>
                    {format!("by {}, bought {}", piece.maker_name, piece.bought_on)}
                    {piece.edition.map(|edition| format!(" · {edition}"))}
                    " · "<a href=format!("/orders/{}", piece.order)>"The order"</a>
                    {piece.passport.map(|id| view! {
                        " · "<a href=format!("/passport/{id}")>"Its passport"</a>
                    })}
                </p>
            })}
        </FormPage>
    }
}
