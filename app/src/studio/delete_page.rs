//! `/studio/pieces/{id}/delete`: asks before a draft is deleted for good.

use super::piece_page::load_studio_piece;
use crate::accounts::PrivateTitle;
use crate::error::AppError;
use crate::layout::{load_from_address, when_loaded};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[server(endpoint = "studio/delete-piece")]
pub async fn delete_piece(piece: String) -> Result<(), AppError> {
    let back = super::piece_page::back(&piece, vec![]);
    crate::shared::conclude_step(
        async |request: super::StudioRequest| {
            let id = super::piece_id(&piece)?;
            request
                .studio()
                .delete(&request.account, id)
                .await
                .map_err(AppError::from)
        },
        back,
    )
    .await
}

#[component]
pub fn DeletePiecePage() -> impl IntoView {
    let editor = load_from_address("id", load_studio_piece);
    view! {
        <PrivateTitle title="Delete piece"/>
        {when_loaded(editor, None, |editor, _| {
            let piece = editor.piece;
            let id = piece.id.to_string();
            view! {
                <section class="form-page">
                    <h1>{format!("Delete “{}”?", piece.edit.title)}</h1>
                    <p>"The draft, its disclosure and its photos will be gone for good. This can't be undone."</p>
                    <form method="post" action=DeletePiece::url() class="inline-form">
                        <input type="hidden" name="piece" value=id.clone()/>
                        <button class="button button--danger" type="submit">"Delete for good"</button>
                        " "
                        <a class="button button--quiet" href=format!("/studio/pieces/{id}")>"Keep it"</a>
                    </form>
                </section>
            }.into_any()
        }, super::refusal("Piece not found", ("/studio", "Go to your studio")))}
    }
}
