//! `/pieces/{slug}/provenance.json`.

use super::AppState;
use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn provenance_json(
    State(state): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
) -> Response {
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({ "error": "There is no published piece with a disclosure here." })),
        )
            .into_response()
    };
    let Ok(Path(slug)) = slug else {
        return not_found();
    };
    if app::shared::Slug::parse(&slug).is_err() {
        return not_found();
    }
    let store = &state.store;
    let found = async {
        let Some(piece) = store.piece_detail(&slug).await? else {
            return Ok(None);
        };
        let passport = store.passport_of_slug(&slug).await?;
        Ok::<_, app::store::StoreError>(app::provenance::provenance_document(
            &piece,
            passport,
            &state.public_base_url,
        ))
    };
    match found.await {
        Ok(Some(document)) => (
            [
                (header::CACHE_CONTROL, "public, max-age=300"),
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            ],
            Json(document),
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(error) => {
            tracing::error!(%error, "provenance document failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "error": "Please try again in a moment." })),
            )
                .into_response()
        }
    }
}
